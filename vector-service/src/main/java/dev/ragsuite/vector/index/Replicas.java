package dev.ragsuite.vector.index;

import java.time.Duration;

/**
 * How replicas sharing one index (Qdrant) coordinate; ignored for an index only this process opens.
 *
 * @param lease who copies during a re-index
 * @param followInterval how often each replica re-reads the shared state (the alias, the announced target)
 * @param writeGrace how long a write request that began before its replica read the announcement may still be
 *        in flight: the final verification before the switch starts no earlier than
 *        {@link #announceWait()} plus this after the announcement, so such a write has landed and is verified
 */
public record Replicas(ReindexLease lease, Duration followInterval, Duration writeGrace) {

    public Replicas {
        if (followInterval.isZero() || followInterval.isNegative()) {
            throw new IllegalArgumentException("followInterval must be positive: " + followInterval);
        }
        if (writeGrace.isNegative()) {
            throw new IllegalArgumentException("writeGrace must not be negative: " + writeGrace);
        }
    }

    /** One process alone (the embedded index, or tests). */
    public static Replicas single() {
        return new Replicas(ReindexLease.LOCAL, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /**
     * A replica whose last successful read of the shared state is older than this refuses writes (503): it
     * could miss an announced re-index target and write to the active index alone.
     */
    public Duration writeFence() {
        return followInterval.multipliedBy(4);
    }

    /**
     * How long the copier waits between announcing the target and copying: longer than the write fence plus
     * one read, so every replica still accepting writes has read the announcement and dual-writes.
     */
    public Duration announceWait() {
        return followInterval.multipliedBy(5);
    }
}
