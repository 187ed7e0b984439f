package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.documents.DeleteOutcome;
import java.util.UUID;

/**
 * The deletion audit: what was removed, and what each store still holds of the document, counted by
 * querying it after the delete (all zero when the deletion is complete).
 */
public record DeletedView(UUID id, boolean deleted, long vectorsRemoved, long vectorsRemaining,
        long keywordEntriesRemaining, long stagedChunksRemaining, long bytesRemaining, long rowsRemaining) {

    static DeletedView of(DeleteOutcome o) {
        return new DeletedView(o.id(), true, o.vectorsRemoved(), o.vectorsRemaining(), o.keywordEntriesRemaining(),
                o.stagedChunksRemaining(), o.bytesRemaining(), o.rowsRemaining());
    }
}
