package dev.ragsuite.vector.store;

import java.util.Objects;

/**
 * One chunk as a vector store keeps it: its id (unique per owner), place in the document, text,
 * embedding, where it came from (PDF page, heading path; both may be null) and the version of the
 * chunker that cut it (null when unknown).
 */
public record StoredChunk(String chunkId, int position, String text, float[] vector, Integer page, String headingPath,
        String chunkerVersion) {

    public StoredChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
    }

    public StoredChunk(String chunkId, int position, String text, float[] vector, Integer page, String headingPath) {
        this(chunkId, position, text, vector, page, headingPath, null);
    }

    public StoredChunk(String chunkId, int position, String text, float[] vector) {
        this(chunkId, position, text, vector, null, null, null);
    }

    /** The same chunk with another embedding (re-embedding into another model). */
    public StoredChunk withVector(float[] other) {
        return new StoredChunk(chunkId, position, text, other, page, headingPath, chunkerVersion);
    }
}
