package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.ReindexStatus;
import java.io.IOException;
import java.util.Optional;

/**
 * The state of the embedded index: the marker files {@code ACTIVE} and {@code LAST-REINDEX} in its root
 * ({@link IndexMarkers}). One process owns the folder, so there is nothing to share or announce: the
 * re-index is this process's alone.
 */
public final class FileIndexState implements IndexState {

    private final IndexMarkers markers;

    public FileIndexState(IndexMarkers markers) {
        this.markers = markers;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Optional<View> read() {
        return markers.readActive().map(active -> new View(active, Optional.empty(), markers.readLastReindex()
                .filter(last -> active.model().equals(last.targetModel()) && active.dimensions() == last.targetDimensions())));
    }

    @Override
    public void switchActive(Optional<IndexPointer> from, IndexPointer to) throws IOException {
        markers.writeActive(to);
    }

    /** Nobody else writes this folder: nothing to announce. */
    @Override
    public void announceTarget(IndexPointer active, Optional<IndexPointer> target) {
    }

    @Override
    public void writeLastReindex(IndexPointer into, ReindexStatus status) throws IOException {
        markers.writeLastReindex(status);
    }

    @Override
    public String pointerFile() {
        return markers.pointerFile();
    }
}
