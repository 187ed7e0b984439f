package dev.ragsuite.vector.embedding.provider;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Embeddings from any server speaking OpenAI's {@code POST /v1/embeddings} (OpenAI, vLLM, llama.cpp's server,
 * LM Studio, Ollama's OpenAI endpoint) through LangChain4j's {@link OpenAiEmbeddingModel}, created once per
 * model. The model id is {@code openai:<name>}, so its index folder and cache keys never mix with another
 * model's, and a change to or from it re-embeds the index in the background like any change of model.
 * Batching, the vector checks and the dimension probe: {@link RemoteEmbedder}. The key is sent as
 * {@code Authorization: Bearer} (none when not set) and never logged.
 */
public final class OpenAiEmbedder extends RemoteEmbedder {

    /** Model ids naming a model of an OpenAI-compatible server start with this. */
    public static final String PREFIX = "openai:";

    /**
     * Settings of one OpenAI-compatible embedder.
     *
     * @param baseUrl up to and including {@code /v1}, e.g. {@code https://api.openai.com/v1}
     */
    public record Settings(String baseUrl, Optional<String> apiKey, String model, Duration timeout, int maxRetries,
            int batchSize, OptionalInt dimensions) {

        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", model=" + model + ", key " + (apiKey.isPresent() ? "set" : "unset") + "]";
        }
    }

    public OpenAiEmbedder(Settings settings, MeterRegistry registry) {
        super(PREFIX + settings.model(), "The OpenAI-compatible server", OpenAiEmbeddingModel.builder()
                .httpClientBuilder(JdkHttpClient.builder())
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().filter(key -> !key.isBlank()).orElse(null))
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(settings.maxRetries())
                .maxSegmentsPerBatch(Math.max(1, settings.batchSize()))
                .logRequests(false).logResponses(false)
                .build(), settings.baseUrl(), settings.batchSize(), settings.dimensions(), registry);
    }
}
