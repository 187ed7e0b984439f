package dev.ragsuite.ingest.service;

import java.util.Map;
import java.util.UUID;

/**
 * One entry of the {@code rag:ingest:jobs} stream: a pointer to a document row, not its state
 * (PostgreSQL holds that), so replaying or duplicating an entry is harmless.
 */
public record IngestJob(UUID documentId, String ownerId, int attempt) {

    static final String DOCUMENT_ID = "documentId";
    static final String OWNER_ID = "ownerId";
    static final String ATTEMPT = "attempt";

    public Map<String, String> toFields() {
        return Map.of(DOCUMENT_ID, documentId.toString(), OWNER_ID, ownerId, ATTEMPT, Integer.toString(attempt));
    }

    /** @throws IllegalArgumentException for an entry that is not a job of ours */
    public static IngestJob fromFields(Map<String, String> fields) {
        String id = fields.get(DOCUMENT_ID);
        String owner = fields.get(OWNER_ID);
        if (id == null || owner == null) {
            throw new IllegalArgumentException("job entry without documentId/ownerId: " + fields.keySet());
        }
        String attempt = fields.getOrDefault(ATTEMPT, "1");
        return new IngestJob(UUID.fromString(id), owner, Integer.parseInt(attempt));
    }
}
