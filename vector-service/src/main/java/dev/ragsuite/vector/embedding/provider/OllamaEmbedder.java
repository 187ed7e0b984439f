package dev.ragsuite.vector.embedding.provider;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.embedding.EmbeddingException;
import dev.ragsuite.vector.embedding.Vectors;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Embeddings from an Ollama server ({@code POST /api/embed} through LangChain4j's
 * {@link OllamaEmbeddingModel}), created once per model. The model id is {@code ollama:<name>}, so
 * its index folder and cache keys never mix with another model's. Inputs are sent in batches of
 * {@code batchSize}; every vector is scaled to unit length. The vector length is configured or, if
 * not, learnt once by embedding a probe text when the embedder is created. Any failure (unreachable,
 * timeout, error status, wrong shape) is an {@link EmbeddingException}.
 */
// the plain LangChain4j Ollama client (de)serialises these package-private DTOs with Jackson
@RegisterForReflection(classNames = { "dev.langchain4j.model.ollama.EmbeddingRequest",
        "dev.langchain4j.model.ollama.EmbeddingResponse" })
public final class OllamaEmbedder implements Embedder {

    /** Model ids naming an Ollama model start with this. */
    public static final String PREFIX = "ollama:";

    private static final Logger LOG = Logger.getLogger(OllamaEmbedder.class);
    private static final String PROBE = "dimension probe";

    private final String id;
    private final EmbeddingModel model;
    private final int batchSize;
    private final int dimensions;
    private final ModelTimers timers;

    /** Settings of one Ollama embedder. */
    public record Settings(String baseUrl, String model, Duration timeout, int maxRetries, int batchSize,
            OptionalInt dimensions) {
    }

    public OllamaEmbedder(Settings settings, MeterRegistry registry) {
        if (settings.batchSize() < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + settings.batchSize());
        }
        this.id = PREFIX + settings.model();
        this.batchSize = settings.batchSize();
        this.model = OllamaEmbeddingModel.builder()
                .baseUrl(settings.baseUrl())
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(settings.maxRetries())
                .build();
        this.timers = ModelTimers.register(registry, id);
        if (settings.dimensions().isPresent()) {
            this.dimensions = settings.dimensions().getAsInt();
            LOG.infof("Embedding model %s at %s, %d dimensions (configured)", id, settings.baseUrl(), dimensions);
        } else {
            long started = System.nanoTime();
            this.dimensions = call(List.of(PROBE), 0).get(0).length;
            LOG.infof("Embedding model %s at %s: %d dimensions (probed in %d ms)", id, settings.baseUrl(), dimensions,
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

    /** One {@code /api/embed} call; {@code expected} 0 accepts any vector length (the probe). */
    private List<float[]> call(List<String> texts, int expected) {
        List<Embedding> embeddings;
        try {
            embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        } catch (RuntimeException e) {
            throw new EmbeddingException(id, "Ollama could not embed " + texts.size() + " text(s) with " + id + ": "
                    + describe(e), e);
        }
        if (embeddings == null || embeddings.size() != texts.size()) {
            throw new EmbeddingException(id, "Ollama returned " + (embeddings == null ? 0 : embeddings.size())
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
