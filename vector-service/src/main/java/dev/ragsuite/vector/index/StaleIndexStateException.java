package dev.ragsuite.vector.index;

import dev.ragsuite.common.problem.ProblemException;

/**
 * A write refused by a replica that has not read the shared index state for longer than the write fence
 * ({@code 4 × rag.vector.replicas.follow-interval}): it might not know of a re-index announced meanwhile and
 * would then write to the active index alone. A 503 the caller retries; searches go on.
 */
public final class StaleIndexStateException extends ProblemException {

    StaleIndexStateException(double secondsSinceRead) {
        super(503, "Index state unavailable", "This vector-service replica has not been able to read the shared index"
                + " state for " + String.format(java.util.Locale.ROOT, "%.1f", secondsSinceRead)
                + " s, so it refuses writes for now; nothing was changed. Try again.");
    }
}
