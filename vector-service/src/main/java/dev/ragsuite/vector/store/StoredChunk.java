package dev.ragsuite.vector.store;

import java.util.Objects;

/**
 * One chunk as a vector store keeps it: its id (unique per owner), place in the document, text,
 * embedding, and where it came from (PDF page, heading path; both may be null).
 */
public record StoredChunk(String chunkId, int position, String text, float[] vector, Integer page, String headingPath) {

    public StoredChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
    }

    public StoredChunk(String chunkId, int position, String text, float[] vector) {
        this(chunkId, position, text, vector, null, null);
    }
}
