package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.DocumentSource;
import java.util.Objects;

/**
 * One chunk as a vector store keeps it: its id (unique per owner), place in the document, text,
 * embedding, where it came from (PDF page, heading path; both may be null) and the version of the
 * chunker that cut it (null when unknown), where its document came from ({@code source}, never null) and
 * whether its document is published to every user ({@code published}: searchable by all, not only its owner).
 */
public record StoredChunk(String chunkId, int position, String text, float[] vector, Integer page, String headingPath,
        String chunkerVersion, DocumentSource source, boolean published) {

    public StoredChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        source = DocumentSource.orUpload(source);
    }

    public StoredChunk(String chunkId, int position, String text, float[] vector, Integer page, String headingPath,
            String chunkerVersion) {
        this(chunkId, position, text, vector, page, headingPath, chunkerVersion, null, false);
    }

    public StoredChunk(String chunkId, int position, String text, float[] vector, Integer page, String headingPath) {
        this(chunkId, position, text, vector, page, headingPath, null);
    }

    public StoredChunk(String chunkId, int position, String text, float[] vector) {
        this(chunkId, position, text, vector, null, null, null);
    }

    /** The same chunk, published to every user or not. */
    public StoredChunk withPublished(boolean flag) {
        return new StoredChunk(chunkId, position, text, vector, page, headingPath, chunkerVersion, source, flag);
    }

    /** The same chunk with another embedding (re-embedding into another model). */
    public StoredChunk withVector(float[] other) {
        return new StoredChunk(chunkId, position, text, other, page, headingPath, chunkerVersion, source, published);
    }
}
