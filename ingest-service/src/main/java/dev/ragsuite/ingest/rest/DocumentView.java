package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import dev.ragsuite.vector.api.DocumentSource;
import java.time.Instant;
import java.util.UUID;

/**
 * A document as a user sees it, with the progress of its ingestion: {@code chunksDone} of
 * {@code chunksTotal} chunks embedded in the current attempt, {@code attempts} made, and while a
 * retry is pending, {@code lastError} and {@code nextAttemptAt}; where it came from ({@code source});
 * whether an admin published it to every user ({@code published}) and whether it is such a document of
 * another user's, read-only for the caller ({@code shared}).
 */
public record DocumentView(UUID id, String name, String contentType, long sizeBytes, DocumentStatus status,
        int chunkCount, String error, Instant createdAt, Instant updatedAt, Instant indexedAt,
        int version, int attempts, int chunksDone, int chunksTotal, String lastError, Instant nextAttemptAt,
        String chunkerVersion, DocumentSource source, boolean published, boolean shared) {

    /** The document as {@code callerId} sees it. */
    static DocumentView of(Document d, String callerId) {
        boolean retrying = d.status == DocumentStatus.QUEUED && d.attempts > 0;
        return new DocumentView(d.id, d.name, d.contentType, d.sizeBytes, d.status, d.chunkCount, d.error,
                d.createdAt, d.updatedAt, d.indexedAt, d.version, d.attempts, d.progressDone, d.progressTotal,
                retrying || d.status == DocumentStatus.FAILED ? d.lastError : null,
                retrying ? d.nextAttemptAt : null, d.chunkerVersion, d.source(), d.published,
                d.published && !d.ownerId.equals(callerId));
    }
}
