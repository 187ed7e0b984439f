package dev.ragsuite.chat.answer.llm;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.ragsuite.chat.config.ChatConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the configured language model once, at start ({@code rag.chat.llm.*}), so a missing key or URL stops
 * the service with a message naming the setting instead of failing the first question:
 * <ul>
 * <li>{@code ollama}: the quarkus-langchain4j Ollama extension's models ({@code quarkus.langchain4j.ollama.*},
 * the model id fixed at build time), as before;</li>
 * <li>{@code gemini}: LangChain4j's {@link GoogleAiGeminiChatModel} and its streaming twin, with
 * {@code rag.chat.llm.gemini.*} ({@code GOOGLE_API_KEY});</li>
 * <li>{@code openai}: LangChain4j's {@link OpenAiChatModel} and its streaming twin against any OpenAI-compatible
 * base URL, with {@code rag.chat.llm.openai.*}.</li>
 * </ul>
 * The hosted clients talk through LangChain4j's JDK {@code HttpClient} (named explicitly: the Ollama
 * extension brings a second LangChain4j HTTP client, its JAX-RS one, and LangChain4j refuses to guess). They never retry (the answerer's timeout, circuit breaker and extractive fallback decide) and never
 * log requests (they carry the key and the caller's passages). With model answers off nothing is built.
 */
@Startup
@ApplicationScoped
public class LanguageModels {

    private static final Logger LOG = Logger.getLogger(LanguageModels.class);

    private final LanguageModel configured;

    /**
     * @param ollamaChat the Ollama extension's models: injected as such (the extension makes its beans only for
     *        injection points of these types), used only when Ollama is the provider
     */
    public LanguageModels(ChatConfig config, ChatModel ollamaChat, StreamingChatModel ollamaStreaming) {
        ChatConfig.Llm llm = config.llm();
        if (!llm.enabled()) {
            configured = null;
            LOG.info("Answers: extractive (no language model configured)");
            return;
        }
        configured = switch (LlmProvider.fromWire(llm.provider())) {
            case OLLAMA -> new LanguageModel(LlmProvider.OLLAMA, llm.modelId(), ollamaChat, ollamaStreaming,
                    new LanguageModel.Probe(llm.baseUrl().resolve("/api/tags"), Map.of()));
            case GEMINI -> gemini(llm);
            case OPENAI -> openai(llm);
        };
        LOG.infof("Answers: language model %s (extractive when it fails or is slower than %d ms)", configured.label(),
                llm.timeoutMillis());
    }

    /** The model answers come from; empty while model answers are off. */
    public Optional<LanguageModel> configured() {
        return Optional.ofNullable(configured);
    }

    private static LanguageModel gemini(ChatConfig.Llm llm) {
        ChatConfig.Gemini gemini = llm.gemini();
        String key = required(gemini.apiKey(), "rag.chat.llm.gemini.api-key (GOOGLE_API_KEY)", "gemini");
        String base = withoutTrailingSlash(gemini.baseUrl());
        Duration timeout = Duration.ofMillis(llm.timeoutMillis());
        ChatModel chat = GoogleAiGeminiChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()).baseUrl(base).apiKey(key).modelName(gemini.model())
                .temperature(llm.temperature()).timeout(timeout).maxRetries(0)
                .logRequestsAndResponses(false)
                .build();
        StreamingChatModel streaming = GoogleAiGeminiStreamingChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()).baseUrl(base).apiKey(key).modelName(gemini.model())
                .temperature(llm.temperature()).timeout(timeout)
                .logRequestsAndResponses(false)
                .build();
        // models.get: https://ai.google.dev/api/models#method:-models.get
        return new LanguageModel(LlmProvider.GEMINI, gemini.model(), chat, streaming,
                new LanguageModel.Probe(URI.create(base + "/models/" + gemini.model()), Map.of("x-goog-api-key", key)));
    }

    private static LanguageModel openai(ChatConfig.Llm llm) {
        ChatConfig.OpenAi openai = llm.openai();
        String base = withoutTrailingSlash(required(openai.baseUrl(), "rag.chat.llm.openai.base-url (RAG_OPENAI_BASE_URL)", "openai"));
        String model = required(openai.model(), "rag.chat.llm.openai.model (RAG_OPENAI_MODEL)", "openai");
        // local servers (vLLM, llama.cpp, LM Studio) may ask for no key: then no Authorization header is sent
        String key = openai.apiKey().filter(k -> !k.isBlank()).orElse(null);
        Duration timeout = Duration.ofMillis(llm.timeoutMillis());
        ChatModel chat = OpenAiChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()).baseUrl(base).apiKey(key).modelName(model)
                .temperature(llm.temperature()).timeout(timeout).maxRetries(0)
                .logRequests(false).logResponses(false)
                .build();
        StreamingChatModel streaming = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()).baseUrl(base).apiKey(key).modelName(model)
                .temperature(llm.temperature()).timeout(timeout)
                .logRequests(false).logResponses(false)
                .build();
        // list models: https://platform.openai.com/docs/api-reference/models/list
        return new LanguageModel(LlmProvider.OPENAI, model, chat, streaming, new LanguageModel.Probe(URI.create(base + "/models"),
                key == null ? Map.of() : Map.of("Authorization", "Bearer " + key)));
    }

    private static String required(Optional<String> value, String setting, String provider) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).orElseThrow(() -> new IllegalStateException(
                "rag.chat.llm.provider=" + provider + " needs " + setting + ", which is not set"));
    }

    private static String withoutTrailingSlash(String url) {
        String u = url.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
