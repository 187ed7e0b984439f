package dev.ragsuite.vector.store.lucene;

import java.time.Duration;

/**
 * When the embedded index is merged down while no writes come ({@link LuceneVectorStore}, "Compaction"): once
 * {@code idleAfter} has passed since the last commit, an index of more segments than it needs is merged into as
 * few as its size allows, each at most {@code maxSegmentMb} (also the merge policy's own largest segment while
 * writing). {@link Duration#ZERO} turns compaction off.
 *
 * @param idleAfter how long without a commit before the index is compacted; zero: never
 * @param maxSegmentMb the largest segment a compaction makes, in MB
 */
public record LuceneCompaction(Duration idleAfter, long maxSegmentMb) {

    /** The defaults of vector-service ({@code rag.vector.compaction.*}). */
    public static final LuceneCompaction DEFAULTS = new LuceneCompaction(Duration.ofSeconds(30), 5 * 1024);

    /** No compaction: segments only as the merge policy makes them while writing. */
    public static final LuceneCompaction OFF = new LuceneCompaction(Duration.ZERO, 5 * 1024);

    public LuceneCompaction {
        if (idleAfter == null || idleAfter.isNegative()) {
            throw new IllegalArgumentException("idleAfter must be zero or positive: " + idleAfter);
        }
        if (maxSegmentMb < 1) {
            throw new IllegalArgumentException("maxSegmentMb must be at least 1: " + maxSegmentMb);
        }
    }

    /** Whether the index is compacted at all. */
    public boolean enabled() {
        return !idleAfter.isZero();
    }

    /** How many segments an index of {@code bytes} needs: its size over the largest segment, at least one. */
    int segmentsFor(long bytes) {
        long max = maxSegmentMb * 1024 * 1024;
        return (int) Math.max(1, (bytes + max - 1) / max);
    }
}
