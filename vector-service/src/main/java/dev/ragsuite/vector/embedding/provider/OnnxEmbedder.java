package dev.ragsuite.vector.embedding.provider;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.embedding.InProcessModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One in-process ONNX model, loaded once (ONNX Runtime, tokenizer and a warm-up embedding in the
 * constructor), never per request. The DJL tokenizer extracts a native library into
 * {@code ~/.djl.ai} unless {@code DJL_CACHE_DIR} points elsewhere.
 */
public final class OnnxEmbedder implements Embedder {

    private static final Logger LOG = Logger.getLogger(OnnxEmbedder.class);

    private final InProcessModel spec;
    private final EmbeddingModel model;
    private final ModelTimers timers;

    public OnnxEmbedder(InProcessModel spec, Executor executor, MeterRegistry registry) {
        this.spec = spec;
        long started = System.nanoTime();
        this.model = spec.load(executor);
        float[] probe = model.embed("warm-up").content().vector(); // loads ONNX Runtime and the tokenizer now
        if (probe.length != spec.dimensions()) {
            throw new IllegalStateException(spec.id() + " returned " + probe.length + " dimensions, expected " + spec.dimensions());
        }
        LOG.infof("Embedding model %s loaded in %d ms (first embedding included), %d dimensions",
                spec.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), spec.dimensions());
        this.timers = ModelTimers.register(registry, spec.id());
    }

    /** A search query, with the model's query prefix ({@link InProcessModel#queryText}). */
    @Override
    public float[] embed(String text) {
        return timers.single().record(() -> model.embed(spec.queryText(text)).content().vector());
    }

    /** Passages (document chunks), each with the model's passage prefix ({@link InProcessModel#passageText}). */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(spec.passageText(t))).toList();
        return timers.batch().record(() -> model.embedAll(segments).content().stream().map(Embedding::vector).toList());
    }

    @Override
    public String modelName() {
        return spec.id();
    }

    @Override
    public int dimensions() {
        return spec.dimensions();
    }
}
