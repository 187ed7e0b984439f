package dev.ragsuite.vector.embedding.provider;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.vector.config.VectorConfig;
import dev.ragsuite.vector.embedding.CachingEmbedder;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.embedding.EmbeddingException;
import dev.ragsuite.vector.embedding.InProcessModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Creates each embedding model at most once per process and hands out the same instance after.
 * Model ids: an in-process ONNX model ({@link InProcessModel}), {@code ollama:<name>}
 * ({@link OllamaEmbedder}; plain {@code ollama} means {@code rag.vector.embedding.ollama.model}) or
 * {@code openai:<name>} ({@link OpenAiEmbedder}, any OpenAI-compatible {@code /v1/embeddings}).
 * Every model is wrapped in the Redis {@link CachingEmbedder} unless
 * {@code rag.vector.embedding.cache.enabled=false}. Two models are alive only while the index is
 * re-embedded from one model into another. All in-process models share one thread pool
 * ({@code rag.vector.embedding.threads}, default one per CPU), because embedding is CPU-bound and
 * more threads than cores only adds contention.
 */
@Singleton
public class EmbedderRegistry implements Function<String, Embedder> {

    private static final Logger LOG = Logger.getLogger(EmbedderRegistry.class);

    private final VectorConfig.Embedding settings;
    /** The default Redis client; connects only when the cache first uses it. */
    private final Redis redis;
    private final ExecutorService executor;
    private final MeterRegistry registry;
    private final String configured;
    private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();

    public EmbedderRegistry(VectorConfig config, MeterRegistry registry, Redis redis) {
        this.settings = config.embedding();
        this.registry = registry;
        this.redis = redis;
        this.configured = canonical(settings.model(), settings.ollama().model());
        require(configured, settings.ollama().baseUrl(), settings.openai().baseUrl());
        int threads = settings.threads().orElse(Runtime.getRuntime().availableProcessors());
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), DaemonThreads.numbered("embedder"));
        if (settings.cache().enabled()) {
            LOG.infof("Embedding cache in Redis on (prefix %s, ttl %s, timeout %s)", settings.cache().keyPrefix(),
                    settings.cache().ttl(), settings.cache().timeout());
        }
    }

    /** The model new and re-embedded chunks should use ({@code rag.vector.embedding.model}), e.g. {@code ollama:nomic-embed-text}. */
    public String configuredModel() {
        return configured;
    }

    /** The full id of a model: {@code ollama} alone becomes {@code ollama:<rag.vector.embedding.ollama.model>}. */
    static String canonical(String model, String ollamaModel) {
        String id = model.trim();
        return id.equals("ollama") || id.equals(OllamaEmbedder.PREFIX) ? OllamaEmbedder.PREFIX + ollamaModel.trim() : id;
    }

    /**
     * A start-up check of a configured model id: an in-process model must be bundled, an Ollama model
     * needs {@code OLLAMA_BASE_URL}.
     *
     * @throws IllegalStateException naming what is wrong
     */
    static void require(String model, Optional<String> ollamaBaseUrl) {
        require(model, ollamaBaseUrl, Optional.empty());
    }

    /** {@link #require(String, Optional)}, and an {@code openai:} model needs {@code rag.vector.embedding.openai.base-url}. */
    static void require(String model, Optional<String> ollamaBaseUrl, Optional<String> openAiBaseUrl) {
        if (model.startsWith(OpenAiEmbedder.PREFIX)) {
            if (model.length() == OpenAiEmbedder.PREFIX.length()) {
                throw new IllegalStateException("rag.vector.embedding.model=" + model + " names no model");
            }
            if (openAiBaseUrl.filter(url -> !url.isBlank()).isEmpty()) {
                throw new IllegalStateException("rag.vector.embedding.model=" + model + " needs an OpenAI-compatible server, "
                        + "but RAG_OPENAI_EMBEDDING_BASE_URL (rag.vector.embedding.openai.base-url) is not set");
            }
            return;
        }
        if (model.startsWith(OllamaEmbedder.PREFIX)) {
            if (model.length() == OllamaEmbedder.PREFIX.length()) {
                throw new IllegalStateException("rag.vector.embedding.model=" + model + " names no Ollama model");
            }
            if (ollamaBaseUrl.filter(url -> !url.isBlank()).isEmpty()) {
                throw new IllegalStateException("rag.vector.embedding.model=" + model + " needs Ollama, but OLLAMA_BASE_URL "
                        + "(rag.vector.embedding.ollama.base-url) is not set");
            }
            return;
        }
        InProcessModel.byId(model).orElseThrow(() -> new IllegalStateException("rag.vector.embedding.model=" + model
                + " is not a known model; known: " + InProcessModel.ids() + ", or ollama:<name>, or openai:<name>"));
    }

    /**
     * The embedder of {@code model}, created (and, for Ollama without configured dimensions, probed)
     * on first use.
     *
     * @throws IllegalArgumentException if no such model is bundled or Ollama is not configured
     * @throws EmbeddingException if Ollama cannot be reached to learn the model's dimensions
     */
    @Override
    public Embedder apply(String model) {
        String id = canonical(model, settings.ollama().model());
        try {
            require(id, settings.ollama().baseUrl(), settings.openai().baseUrl());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the embedding model " + id + " is not available: " + e.getMessage(), e);
        }
        return loaded.computeIfAbsent(id, this::create);
    }

    private Embedder create(String id) {
        Embedder embedder = id.startsWith(OllamaEmbedder.PREFIX) ? ollama(id)
                : id.startsWith(OpenAiEmbedder.PREFIX) ? openai(id) : onnx(id);
        VectorConfig.Embedding.Cache cache = settings.cache();
        if (!cache.enabled()) {
            return embedder;
        }
        return new CachingEmbedder(embedder, redis,
                new CachingEmbedder.Settings(cache.keyPrefix(), cache.ttl(), cache.timeout(), cache.perOwner()), registry);
    }

    private Embedder onnx(String id) {
        InProcessModel spec = InProcessModel.byId(id).orElseThrow();
        return new OnnxEmbedder(spec, executor, registry);
    }

    private Embedder ollama(String id) {
        VectorConfig.Embedding.Ollama ollama = settings.ollama();
        return new OllamaEmbedder(new OllamaEmbedder.Settings(ollama.baseUrl().orElseThrow(),
                id.substring(OllamaEmbedder.PREFIX.length()), ollama.timeout(), ollama.maxRetries(), ollama.batchSize(),
                ollama.dimensions()), registry);
    }

    private Embedder openai(String id) {
        VectorConfig.Embedding.OpenAi openai = settings.openai();
        return new OpenAiEmbedder(new OpenAiEmbedder.Settings(openai.baseUrl().orElseThrow(), openai.apiKey(),
                id.substring(OpenAiEmbedder.PREFIX.length()), openai.timeout(), openai.maxRetries(), openai.batchSize(),
                openai.dimensions()), registry);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdown();
    }
}
