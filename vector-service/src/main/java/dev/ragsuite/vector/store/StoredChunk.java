package dev.ragsuite.vector.store;

import java.util.Objects;

/** One chunk as a vector store keeps it: its id (unique per owner), place in the document, text and embedding. */
public record StoredChunk(String chunkId, int position, String text, float[] vector) {

    public StoredChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
    }
}
