package dev.ragsuite.vector.api;

/**
 * Progress of re-embedding every chunk of the active index with another model, into a new index that
 * replaces the active one atomically when complete.
 *
 * @param state {@code none} (the active index already uses the configured model and no re-index built it),
 *        {@code running}, {@code completed} (the active index was built by a re-index that switched over, in this
 *        process or before a restart: the figures are that run's) or {@code failed} (see {@code error};
 *        the active index keeps serving, a restart tries again)
 * @param targetModel the configured model being re-embedded into; null when {@code none}
 * @param targetDimensions that model's vector length; 0 when {@code none}
 * @param done chunks copied into the new index so far
 * @param total chunks the active index held when the re-index started (writes made meanwhile reach both indexes)
 * @param chunksPerSecond copy throughput so far; 0 before the first batch
 * @param error why it failed; null otherwise
 */
public record ReindexStatus(String state, String targetModel, int targetDimensions, long done, long total,
        double chunksPerSecond, String error) {

    public static final String NONE = "none";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public static ReindexStatus none() {
        return new ReindexStatus(NONE, null, 0, 0, 0, 0, null);
    }
}
