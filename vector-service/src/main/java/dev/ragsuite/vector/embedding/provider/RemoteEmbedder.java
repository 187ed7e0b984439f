package dev.ragsuite.vector.embedding.provider;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.embedding.EmbeddingException;
import dev.ragsuite.vector.embedding.Vectors;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What every embedding model behind an HTTP API shares (Ollama, an OpenAI-compatible {@code /v1/embeddings}):
 * a LangChain4j {@link EmbeddingModel} created once, inputs sent in batches of {@code batchSize}, every vector
 * checked (one per input, the model's length) and scaled to unit length, the vector length configured or learnt
 * once from a probe text when the embedder is created. Any failure (unreachable, timeout, error status, wrong
 * shape) is an {@link EmbeddingException} naming the model.
 */
abstract class RemoteEmbedder implements Embedder {

    private static final Logger LOG = Logger.getLogger(RemoteEmbedder.class);
    private static final String PROBE = "dimension probe";

    private final String id;
    private final String server;
    private final EmbeddingModel model;
    private final int batchSize;
    private final int dimensions;
    private final ModelTimers timers;

    /**
     * @param id the model id, {@code <prefix><name>}, so its index folder and cache keys never mix with another model's
     * @param server what the model runs on, for messages (e.g. "Ollama")
     * @param baseUrl for the start-up log line only
     */
    RemoteEmbedder(String id, String server, EmbeddingModel model, String baseUrl, int batchSize, OptionalInt dimensions,
            MeterRegistry registry) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.id = id;
        this.server = server;
        this.model = model;
        this.batchSize = batchSize;
        this.timers = ModelTimers.register(registry, id);
        if (dimensions.isPresent()) {
            this.dimensions = dimensions.getAsInt();
            LOG.infof("Embedding model %s at %s, %d dimensions (configured)", id, baseUrl, this.dimensions);
        } else {
            long started = System.nanoTime();
            this.dimensions = call(List.of(PROBE), 0).get(0).length;
            LOG.infof("Embedding model %s at %s: %d dimensions (probed in %d ms)", id, baseUrl, this.dimensions,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    @Override
    public float[] embed(String text) {
        return timers.single().record(() -> call(List.of(text), dimensions).get(0));
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        return timers.batch().record(() -> {
            List<float[]> out = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i += batchSize) {
                out.addAll(call(texts.subList(i, Math.min(texts.size(), i + batchSize)), dimensions));
            }
            return out;
        });
    }

    /** One call of the API; {@code expected} 0 accepts any vector length (the probe). */
    private List<float[]> call(List<String> texts, int expected) {
        List<Embedding> embeddings;
        try {
            embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        } catch (RuntimeException e) {
            throw new EmbeddingException(id, server + " could not embed " + texts.size() + " text(s) with " + id + ": "
                    + describe(e), e);
        }
        if (embeddings == null || embeddings.size() != texts.size()) {
            throw new EmbeddingException(id, server + " returned " + (embeddings == null ? 0 : embeddings.size())
                    + " embeddings for " + texts.size() + " texts with " + id, null);
        }
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            float[] vector = embedding.vector();
            if (vector.length == 0 || (expected != 0 && vector.length != expected)) {
                throw new EmbeddingException(id, id + " returned a " + vector.length + "-dimensional vector, expected "
                        + (expected == 0 ? "at least one value" : expected), null);
            }
            out.add(Vectors.normalise(vector.clone()));
        }
        return out;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            message = cause.getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    @Override
    public String modelName() {
        return id;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }
}
