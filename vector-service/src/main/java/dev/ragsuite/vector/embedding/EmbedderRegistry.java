package dev.ragsuite.vector.embedding;

import dev.ragsuite.vector.config.VectorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Creates each embedding model at most once per process and hands out the same instance after.
 * Two models are alive only while the index is re-embedded from one model into another. All
 * in-process models share one thread pool ({@code rag.vector.embedding.threads}, default one per
 * CPU), because embedding is CPU-bound and more threads than cores only adds contention.
 */
@Singleton
public class EmbedderRegistry implements Function<String, Embedder> {

    private final ExecutorService executor;
    private final MeterRegistry registry;
    private final String configured;
    private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();

    public EmbedderRegistry(VectorConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.configured = config.embedding().model();
        InProcessModel.require(configured);
        int threads = config.embedding().threads().orElse(Runtime.getRuntime().availableProcessors());
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), daemonThreads());
    }

    /** The model new and re-embedded chunks should use ({@code rag.vector.embedding.model}). */
    public String configuredModel() {
        return configured;
    }

    /**
     * The embedder of {@code model}, loading it on first use.
     *
     * @throws IllegalArgumentException if no such model is bundled
     */
    @Override
    public Embedder apply(String model) {
        InProcessModel spec = InProcessModel.byId(model).orElseThrow(() -> new IllegalArgumentException(
                "the embedding model " + model + " is not available in this build; known: " + InProcessModel.ids()));
        return loaded.computeIfAbsent(spec.id(), id -> new OnnxEmbedder(spec, executor, registry));
    }

    @PreDestroy
    void shutdown() {
        executor.shutdown();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "embedder-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
