package dev.ragsuite.vector.embedding;

import dev.ragsuite.vector.api.DocumentSource;
import dev.ragsuite.vector.store.StoredChunk;

/**
 * A chunk to write before it is embedded: its text and provenance, and optionally a vector the
 * caller computed (null: the index's own model embeds the text).
 */
public record ChunkInput(String chunkId, int position, String text, Integer page, String headingPath,
        String chunkerVersion, float[] vector, DocumentSource source, boolean published) {

    /** A chunk of an uploaded document only its owner searches. */
    public ChunkInput(String chunkId, int position, String text, Integer page, String headingPath, String chunkerVersion,
            float[] vector) {
        this(chunkId, position, text, page, headingPath, chunkerVersion, vector, null, false);
    }

    /** The chunk as a store keeps it, with this embedding. */
    StoredChunk with(float[] embedding) {
        return new StoredChunk(chunkId, position, text, embedding, page, headingPath, chunkerVersion, source, published);
    }
}
