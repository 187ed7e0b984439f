package dev.ragsuite.vector.store;

import java.util.List;
import java.util.UUID;

/**
 * Where chunks and their vectors live: the embedded Lucene index today, Qdrant as an alternative
 * backend. Every read and write is scoped to one owner, and the owner filter is part of the
 * query the backend runs (never applied to results afterwards), so another owner's chunks can
 * neither be returned nor crowd out this owner's. Calls block (disk or network): run them on a
 * worker thread.
 */
public interface VectorStore extends AutoCloseable {

    /**
     * Stores the chunks of one document, replacing any chunk of this owner with the same chunk id,
     * all or nothing, durably before returning.
     *
     * @return the number of chunks stored
     */
    int upsert(String ownerId, UUID documentId, String documentName, List<StoredChunk> chunks);

    /**
     * Hybrid search over this owner's chunks: keyword relevance of {@code queryText} and vector
     * similarity of {@code queryVector}, fused; at most {@code topK} hits, best first.
     */
    List<ScoredChunk> search(String ownerId, String queryText, float[] queryVector, int topK);

    /** Removes every chunk of one document of this owner; returns how many were removed. */
    long deleteDocument(String ownerId, UUID documentId);

    /** How many chunks of this document of this owner the store holds. */
    long countDocument(String ownerId, UUID documentId);

    /** How many chunks the store holds in total, for all owners (health and metrics). */
    long size();

    /** Whether the store is open and can serve requests. */
    boolean isOpen();

    /** The backend's name as reported to clients, e.g. {@code lucene}. */
    String name();

    /** Releases the backend, making pending writes durable; later calls fail. */
    @Override
    void close();
}
