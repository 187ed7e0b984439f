package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import java.util.UUID;

/** The answer to an accepted upload: indexing goes on in the background. */
public record UploadView(UUID id, String name, DocumentStatus status, int version) {

    static UploadView of(Document d) {
        return new UploadView(d.id, d.name, d.status, d.version);
    }
}
