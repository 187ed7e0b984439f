package dev.ragsuite.vector.embedding;

import java.util.List;

/**
 * Turns text into dense vectors. Implementations are CPU- or network-heavy: call them from a
 * worker thread, never from the event loop. Vectors are L2-normalised, so cosine similarity and
 * dot product agree.
 */
public interface Embedder {

    float[] embed(String text);

    /** Embeds a batch; the result has one vector per text, in the same order. */
    List<float[]> embedAll(List<String> texts);

    /** A stable name of the model, e.g. {@code all-minilm-l6-v2}: vectors of different models never mix. */
    String modelName();

    int dimensions();
}
