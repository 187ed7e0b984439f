package dev.ragsuite.vector.support;

import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared index state in memory, as Qdrant keeps it (the alias naming the active index, an announced
 * target and the last re-index kept per index): what several {@code IndexManager}s ("replicas") share
 * in a test. {@link #failReads} makes every read fail, as an unreachable Qdrant would.
 */
public final class InMemoryIndexState implements IndexState {

    private IndexPointer active;
    private final Map<String, IndexPointer> targets = new HashMap<>();
    private final Map<String, ReindexStatus> lastReindex = new HashMap<>();
    public final AtomicInteger switches = new AtomicInteger();
    public volatile boolean failReads;

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public synchronized Optional<View> read() throws IOException {
        if (failReads) {
            throw new IOException("the shared state is unreachable (test)");
        }
        if (active == null) {
            return Optional.empty();
        }
        return Optional.of(new View(active, Optional.ofNullable(targets.get(active.index())),
                Optional.ofNullable(lastReindex.get(active.index()))));
    }

    @Override
    public synchronized void switchActive(Optional<IndexPointer> from, IndexPointer to) {
        active = to;
        switches.incrementAndGet();
    }

    @Override
    public synchronized void announceTarget(IndexPointer on, Optional<IndexPointer> target) {
        if (target.isPresent()) {
            targets.put(on.index(), target.get());
        } else {
            targets.remove(on.index());
        }
    }

    @Override
    public synchronized void writeLastReindex(IndexPointer into, ReindexStatus status) {
        lastReindex.put(into.index(), status);
    }

    @Override
    public String pointerFile() {
        return "ACTIVE";
    }

    /** The target announced on the active index, if any. */
    public synchronized Optional<IndexPointer> announced() {
        return active == null ? Optional.empty() : Optional.ofNullable(targets.get(active.index()));
    }
}
