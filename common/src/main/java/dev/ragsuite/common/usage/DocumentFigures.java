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
 */
public record DocumentFigures(long total, Map<String, Long> byStatus, Map<String, Long> bySource, long chunks,
        long storageBytes) {
}
