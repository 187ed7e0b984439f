package dev.ragsuite.vector.embedding;

import dev.ragsuite.vector.store.StoredChunk;

/**
 * A chunk to write before it is embedded: its text and provenance, and optionally a vector the
 * caller computed (null: the index's own model embeds the text).
 */
public record ChunkInput(String chunkId, int position, String text, Integer page, String headingPath,
        String chunkerVersion, float[] vector) {

    /** The chunk as a store keeps it, with this embedding. */
    StoredChunk with(float[] embedding) {
        return new StoredChunk(chunkId, position, text, embedding, page, headingPath, chunkerVersion);
    }
}
