package dev.ragsuite.vector.store;

import java.util.UUID;

/**
 * A chunk with everything the index knows about it, as read back for copying into another index:
 * owner, document, version and whether it is still staged (invisible to search).
 *
 * @param version the document version, 0 for chunks written without one
 */
public record ExportedChunk(String ownerId, UUID documentId, String documentName, int version, boolean staged,
        StoredChunk chunk) {

    /** The chunk's update key in its index (owner plus chunk id). */
    public String key() {
        return LuceneVectorStore.key(ownerId, chunk.chunkId());
    }
}
