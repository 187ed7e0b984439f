package dev.ragsuite.ingest.documents;

import java.util.UUID;

/**
 * A deleted document and the audit of what is left of it, each "remaining" figure counted by
 * querying that store after the delete.
 */
public record DeleteOutcome(UUID id, long vectorsRemoved, long vectorsRemaining, long keywordEntriesRemaining,
        long stagedChunksRemaining, long bytesRemaining, long rowsRemaining) {
}
