package dev.ragsuite.vector.embedding.provider;

import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Embeddings from an Ollama server ({@code POST /api/embed} through LangChain4j's
 * {@link OllamaEmbeddingModel}), created once per model. The model id is {@code ollama:<name>}, so
 * its index folder and cache keys never mix with another model's. Batching, the vector checks and the
 * dimension probe: {@link RemoteEmbedder}.
 */
// the plain LangChain4j Ollama client (de)serialises these package-private DTOs with Jackson
@RegisterForReflection(classNames = { "dev.langchain4j.model.ollama.EmbeddingRequest",
        "dev.langchain4j.model.ollama.EmbeddingResponse" })
public final class OllamaEmbedder extends RemoteEmbedder {

    /** Model ids naming an Ollama model start with this. */
    public static final String PREFIX = "ollama:";

    /** Settings of one Ollama embedder. */
    public record Settings(String baseUrl, String model, Duration timeout, int maxRetries, int batchSize,
            OptionalInt dimensions) {
    }

    public OllamaEmbedder(Settings settings, MeterRegistry registry) {
        super(PREFIX + settings.model(), "Ollama", OllamaEmbeddingModel.builder()
                .baseUrl(settings.baseUrl())
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(settings.maxRetries())
                .build(), settings.baseUrl(), settings.batchSize(), settings.dimensions(), registry);
    }
}
