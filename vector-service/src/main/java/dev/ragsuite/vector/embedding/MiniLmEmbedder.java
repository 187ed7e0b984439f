package dev.ragsuite.vector.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.ragsuite.vector.config.VectorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The in-process all-MiniLM-L6-v2 sentence embedder (ONNX Runtime, 384 dimensions), loaded once
 * when the service starts, never per request. Its bundled tokenizer cuts every text at 128
 * tokens, so chunks meant for it should stay below that.
 *
 * <p>The DJL tokenizer extracts a native library into {@code ~/.djl.ai} unless the
 * {@code DJL_CACHE_DIR} environment variable (or system property) points elsewhere.
 */
@Startup
@Singleton
public class MiniLmEmbedder implements Embedder {

    public static final String MODEL_NAME = "all-minilm-l6-v2";
    public static final int DIMENSIONS = 384;

    private static final Logger LOG = Logger.getLogger(MiniLmEmbedder.class);

    private final ExecutorService executor;
    private final EmbeddingModel model;
    private final Timer singleTimer;
    private final Timer batchTimer;

    public MiniLmEmbedder(VectorConfig config, MeterRegistry registry) {
        int threads = config.embedding().threads().orElse(Runtime.getRuntime().availableProcessors());
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), daemonThreads());
        long started = System.nanoTime();
        this.model = new AllMiniLmL6V2EmbeddingModel(executor);
        float[] probe = model.embed("warm-up").content().vector(); // loads ONNX Runtime and the tokenizer now
        if (probe.length != DIMENSIONS) {
            throw new IllegalStateException("all-MiniLM-L6-v2 returned " + probe.length + " dimensions, expected " + DIMENSIONS);
        }
        LOG.infof("Embedding model %s loaded in %d ms (first embedding included), %d dimensions, %d threads",
                MODEL_NAME, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), DIMENSIONS, threads);
        this.singleTimer = Timer.builder("rag.vector.embedding")
                .description("Time to embed texts with the in-process model")
                .tag("model", MODEL_NAME).tag("kind", "single")
                .register(registry);
        this.batchTimer = Timer.builder("rag.vector.embedding")
                .description("Time to embed texts with the in-process model")
                .tag("model", MODEL_NAME).tag("kind", "batch")
                .register(registry);
    }

    @Override
    public float[] embed(String text) {
        return singleTimer.record(() -> model.embed(text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return batchTimer.record(() -> model.embedAll(segments).content().stream().map(Embedding::vector).toList());
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
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
