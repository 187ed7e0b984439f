package dev.ragsuite.common.usage;

import java.util.Map;

/**
 * ingest-service's part of the usage figures ({@code GET /internal/v1/usage/documents}): the documents
 * as they are now (all of them, or one owner's), not a window.
 *
 * @param byStatus {@code queued|processing|indexed|failed} → count (absent statuses are 0)
 * @param bySource {@code upload|url|clickup} → count
 * @param chunks chunks of the indexed documents
 * @param storageBytes bytes of the stored originals
 * @param connections the connections to third-party systems that import documents (ClickUp)
 */
public record DocumentFigures(long total, Map<String, Long> byStatus, Map<String, Long> bySource, long chunks,
        long storageBytes, Connections connections) {

    /**
     * Connections as they are now, and their syncs in the window.
     *
     * @param byStatus {@code idle|syncing|failed|needs_reauth} → count (absent statuses are 0)
     * @param lastSyncAt the end of the most recent successful sync of any of them, or null
     */
    public record Connections(long total, Map<String, Long> byStatus, java.time.Instant lastSyncAt, Syncs syncs) {
        public static final Connections NONE = new Connections(0, Map.of(), null, Syncs.NONE);
    }

    /**
     * Syncs that ended in the window: how many, how many failed ({@code failed}) or found the token refused
     * ({@code needsReauth}), and what the successful ones did to the documents.
     */
    public record Syncs(long total, long failed, long needsReauth, long tasks, long created, long updated, long deleted) {
        public static final Syncs NONE = new Syncs(0, 0, 0, 0, 0, 0, 0);
    }
}
