package dev.ragsuite.vector.index;

import dev.ragsuite.vector.embedding.ChunkEmbedder;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** An open index, its name, and the model that embeds for it. */
record BoundIndex(VectorStore store, Embedder embedder, String index) {

    private static final Logger LOG = Logger.getLogger(IndexManager.class);

    /** The chunks embedded with this index's model (caller vectors kept when accepted, checked against its dimensions). */
    List<StoredChunk> embed(String ownerId, List<ChunkInput> chunks, boolean acceptCallerVectors) {
        return ChunkEmbedder.embed(embedder, store.model(), store.dimensions(), ownerId, chunks, acceptCallerVectors);
    }

    /** Writes embedded chunks: visible at once when {@code version} is null, else staged. */
    int store(String ownerId, UUID documentId, String documentName, Integer version, List<StoredChunk> chunks) {
        return version == null
                ? store.upsert(ownerId, documentId, documentName, chunks)
                : store.stage(ownerId, documentId, documentName, version, chunks);
    }

    /** Closes the index, logging (not throwing) when it does not close cleanly; null is ignored. */
    static void closeQuietly(BoundIndex b) {
        if (b == null) {
            return;
        }
        try {
            b.store().close();
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.warnf(e, "Could not close the index %s cleanly", b.index());
        }
    }
}
