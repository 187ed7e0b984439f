package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import java.time.Instant;
import java.util.UUID;

/** A document as its owner sees it. */
public record DocumentView(UUID id, String name, String contentType, long sizeBytes, DocumentStatus status,
        int chunkCount, String error, Instant createdAt, Instant updatedAt, Instant indexedAt) {

    static DocumentView of(Document d) {
        return new DocumentView(d.id, d.name, d.contentType, d.sizeBytes, d.status, d.chunkCount, d.error,
                d.createdAt, d.updatedAt, d.indexedAt);
    }
}
