package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.RetrievalMode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where chunks and their vectors live: the embedded Lucene index ({@code rag.vector.store=lucene},
 * the default) or a Qdrant collection ({@code qdrant}); both pass the same contract tests. Every
 * read and write is scoped to one owner, and the owner filter is part of the query the backend
 * runs (never applied to results afterwards), so another owner's chunks can neither be returned
 * nor crowd out this owner's. Calls block (disk or network): run them on a worker thread.
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
     * Stores chunks of one version of a document <em>invisible</em> to search (staged), replacing any
     * chunk of this owner with the same chunk id, durably before returning.
     */
    int stage(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks);

    /**
     * Makes {@code version} the visible version of the document: its staged chunks become searchable
     * and every chunk of any other version is removed, in one atomic step for readers. Idempotent.
     */
    Activation activate(String ownerId, UUID documentId, int version);

    /**
     * Makes every chunk of the document (all versions, staged or visible) searchable by every user, or by
     * its owner alone again, in one step; returns how many chunks the document has.
     */
    long setPublished(String ownerId, UUID documentId, boolean published);

    /** Removes the staged (never activated) chunks of one version; returns how many. */
    long discard(String ownerId, UUID documentId, int version);

    /** Counts, by querying the index, what it holds for one document. */
    Stats stats(String ownerId, UUID documentId);

    /** @param visible chunks of the version now searchable; @param removed chunks of other versions removed */
    record Activation(long visible, long removed) {
    }

    /** @param vectors chunks with a vector; @param keywordEntries chunks with indexed text; @param staged invisible ones */
    record Stats(long vectors, long keywordEntries, long staged) {
    }

    /**
     * Searches the visible chunks of this owner and of documents published to everyone; at most {@code topK} hits, best first. {@code HYBRID}
     * fuses the keyword relevance of {@code queryText} with the vector similarity of
     * {@code queryVector}; {@code BM25} and {@code DENSE} run one retriever alone ({@code queryVector}
     * may be null for {@code BM25}).
     */
    List<ScoredChunk> search(String ownerId, String queryText, float[] queryVector, int topK, RetrievalMode mode);

    /** Removes every chunk of one document of this owner; returns how many were removed. */
    long deleteDocument(String ownerId, UUID documentId);

    /** How many chunks of this document of this owner the store holds. */
    long countDocument(String ownerId, UUID documentId);

    /** How many chunks the store holds in total, for all owners (health and metrics). */
    long size();

    /** Whether the store is open and can serve requests. */
    boolean isOpen();

    /** The embedding model the index was built for (its manifest). */
    String model();

    /** The length of every vector in the index. */
    int dimensions();

    /** The backend's name as reported to clients, e.g. {@code lucene}. */
    String name();

    // --- copying an index into another one (re-embedding with another model) ---

    /** The {@link ExportedChunk#key() key} of every chunk, staged or not, of every owner. */
    List<String> keys();

    /** Reads the chunks with these keys as they are now, vectors included; missing keys are absent from the map. */
    Map<String, ExportedChunk> read(Collection<String> keys);

    /**
     * Writes chunks copied from another index exactly as they were there (owner, document, version,
     * staged flag), replacing chunks with the same keys. Each vector must have this index's dimensions.
     */
    int importChunks(List<ExportedChunk> chunks);

    /** Removes the chunks with these keys; returns how many there were. */
    long deleteKeys(Collection<String> keys);

    /** The chunker version of the latest write that named one, as recorded with the index; null when unknown. */
    String chunkerVersion();

    /** Receives the files of a {@link #snapshot}: one stream per file, closed by the caller. */
    interface SnapshotSink {
        java.io.OutputStream file(String name) throws java.io.IOException;
    }

    /**
     * Writes a consistent copy of the index (its latest commit, including every write made before the
     * call) file by file into {@code sink}, while writes go on. Backends with a snapshot service of their
     * own (Qdrant: its snapshot API, used by the backup script) do not support it.
     *
     * @throws UnsupportedOperationException if this backend is snapshotted by other means
     */
    default void snapshot(SnapshotSink sink) throws java.io.IOException {
        throw new UnsupportedOperationException(name() + " is backed up through its own snapshot API");
    }

    /** Releases the backend, making pending writes durable; later calls fail. */
    @Override
    void close();
}
