package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.DocumentStatus;
import java.util.UUID;

/** The answer to an accepted upload: indexing goes on in the background. */
public record UploadView(UUID id, String name, DocumentStatus status) {
}
