package dev.ragsuite.vector.embedding;

import java.util.List;

/**
 * An embedding provider: turns text into dense vectors of one model. Implementations are CPU- or
 * network-heavy: call them from a worker thread, never from the event loop. Vectors are
 * L2-normalised, so cosine similarity and dot product agree. Today's providers run ONNX models
 * in-process ({@code OnnxEmbedder}); a remote provider (e.g. Ollama) implements the same interface
 * and registers its models in {@code EmbedderRegistry}.
 */
public interface Embedder {

    /** Embeds a search query (a model that embeds queries and passages differently treats it as a query). */
    float[] embed(String text);

    /**
     * Embeds a batch of passages (document chunks); the result has one vector per text, in the same order.
     * A model that embeds queries and passages differently treats them as passages.
     */
    List<float[]> embedAll(List<String> texts);

    /** A stable name of the model, e.g. {@code all-minilm-l6-v2}: vectors of different models never mix. */
    String modelName();

    int dimensions();

    /**
     * This model for the texts of one owner (document chunks and search queries alike). The vectors are
     * the same; a cache in front keys them by owner too ({@link CachingEmbedder}), so whether a text is
     * cached never tells one user what another has embedded.
     */
    default Embedder forOwner(String ownerId) {
        return this;
    }
}
