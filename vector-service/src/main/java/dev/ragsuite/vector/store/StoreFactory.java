package dev.ragsuite.vector.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Opens the index of one embedding model in one backend, so the index manager
 * ({@code dev.ragsuite.vector.index.IndexManager}) re-indexes across models the same way whatever
 * holds the chunks: the Lucene store keeps a folder per model and dimension count, the Qdrant store a
 * collection. The {@code ACTIVE} marker stays a local file ({@code IndexMarkers}), named per backend.
 */
public interface StoreFactory extends AutoCloseable {

    /** The backend's name as reported to clients: {@code lucene} or {@code qdrant}. */
    String backend();

    /** The file in the index root that names the index serving for this backend. */
    String pointerFile();

    /**
     * Moves indexes of an older on-disk layout into place before anything is opened (Lucene only).
     *
     * @return the index it moved, which the caller records as the active one at once; empty when none
     */
    Optional<IndexPointer> migrateLegacyLayout() throws IOException;

    /** The name of {@code model}'s index: a folder or a collection name. */
    String indexName(String model, int dimensions);

    /** Opens (creating if missing) the index {@code index} for vectors of {@code model}. */
    VectorStore open(String index, String model, int dimensions) throws IOException;

    /** The indexes this backend holds for this installation, by name. */
    List<String> indexes() throws IOException;

    /** Deletes an index that no longer serves. */
    void delete(String index) throws IOException;

    /** Empty when the backend answers; else why not (for the readiness check). */
    Optional<String> probe();

    /** Releases what the factory holds (a connection); the stores it opened are closed first by their owner. */
    @Override
    void close();
}
