package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import dev.ragsuite.vector.api.DocumentSource;
import java.util.UUID;

/** The answer to an accepted upload or URL import: fetching and indexing go on in the background. */
public record UploadView(UUID id, String name, DocumentStatus status, int version, DocumentSource source) {

    static UploadView of(Document d) {
        return new UploadView(d.id, d.name, d.status, d.version, d.source());
    }
}
