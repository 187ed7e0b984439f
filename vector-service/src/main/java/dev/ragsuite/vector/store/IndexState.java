package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.ReindexStatus;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the state of the index lives besides the chunks: which index serves (model, dimensions,
 * name), which index a running re-index builds, and the outcome of the last re-index that switched
 * over. The {@code IndexManager} reads and writes it only through this interface:
 * <ul>
 * <li>{@link FileIndexState}, marker files in the index root, for the embedded Lucene index (one process
 * owns the folder, so nothing is {@link #shared()});</li>
 * <li>{@code QdrantIndexState}, in Qdrant itself (a collection alias names the active collection, the
 * collections' metadata hold the rest), so any number of vector-service replicas share one index:
 * each re-reads the state every {@code rag.vector.replicas.follow-interval}.</li>
 * </ul>
 */
public interface IndexState {

    /** What the state holds at one read. */
    record View(IndexPointer active, Optional<IndexPointer> target, Optional<ReindexStatus> lastReindex) {
    }

    /**
     * Whether other processes may share the index: then each replica follows the state, the re-index
     * copy is leased to one of them, and every replica dual-writes to the announced target.
     */
    boolean shared();

    /** The state as it is now; empty when no index was ever made active (a fresh install). */
    Optional<View> read() throws IOException;

    /**
     * Makes {@code to} the active index in one atomic step ({@code from}: the one active now, empty on
     * a fresh install). With several replicas only the holder of the re-index lease switches.
     */
    void switchActive(Optional<IndexPointer> from, IndexPointer to) throws IOException;

    /**
     * Announces the index a re-index builds while {@code active} serves, so every replica dual-writes to
     * it; empty withdraws the announcement.
     */
    void announceTarget(IndexPointer active, Optional<IndexPointer> target) throws IOException;

    /** Records the outcome of the re-index that built {@code into}, before the switch to it. */
    void writeLastReindex(IndexPointer into, ReindexStatus status) throws IOException;

    /** The name of the marker a snapshot of the index carries (the embedded index's {@code ACTIVE}). */
    String pointerFile();
}
