package dev.ragsuite.vector.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens the index of one embedding model in one backend, so the index manager
 * ({@code dev.ragsuite.vector.index.IndexManager}) re-indexes across models the same way whatever
 * holds the chunks: the Lucene store keeps a folder per model and dimension count, the Qdrant store a
 * collection. Which index serves is kept per backend too ({@link #state}): marker files beside the Lucene
 * folders, a collection alias and collection metadata in Qdrant.
 */
public interface StoreFactory extends AutoCloseable {

    /** The backend's name as reported to clients: {@code lucene} or {@code qdrant}. */
    String backend();

    /**
     * Where this backend keeps which index serves, the announced re-index target and the last re-index:
     * marker files in {@code root} (Lucene), or Qdrant itself, shared by every replica (Qdrant; an
     * {@code ACTIVE.qdrant} marker an older version left in {@code root} is adopted once).
     */
    IndexState state(Path root);

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
