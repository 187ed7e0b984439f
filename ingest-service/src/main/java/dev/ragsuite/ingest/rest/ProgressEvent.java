package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Document;
import dev.ragsuite.streams.DocumentEvent;
import java.util.UUID;

/**
 * One progress update of a document, as sent on {@code GET /api/documents/{id}/events}: the status
 * ({@code queued}, {@code processing}, {@code parsed}, {@code embedded}, {@code retrying},
 * {@code indexed}, {@code failed}, {@code deleted}), the version being processed, chunks embedded
 * so far out of the total, and a reason for {@code retrying}/{@code failed}.
 */
public record ProgressEvent(UUID documentId, String status, Integer version, Integer done, Integer total, String reason) {

    static ProgressEvent of(DocumentEvent event) {
        return new ProgressEvent(event.documentId(), event.status().wire(), event.version(), event.done(), event.total(),
                event.reason());
    }

    static ProgressEvent of(Document d) {
        String status = d.status.wire();
        return new ProgressEvent(d.id, status, d.version, d.progressDone, d.progressTotal,
                "failed".equals(status) ? d.error : null);
    }

    static ProgressEvent deleted(UUID id) {
        return new ProgressEvent(id, "deleted", null, null, null, null);
    }

    boolean isFinal() {
        return "indexed".equals(status) || "failed".equals(status) || "deleted".equals(status);
    }

}
