package dev.ragsuite.ingest.jobs;

import java.util.Map;
import java.util.UUID;

/**
 * One entry of the {@code rag:ingest:jobs} stream: a pointer to one version of a document row, not
 * its state (PostgreSQL holds that), so replaying or duplicating an entry is harmless. Entries
 * written before versions existed carry no version and mean version 1.
 */
public record IngestJob(UUID documentId, String ownerId, int version) {

    static final String DOCUMENT_ID = "documentId";
    static final String OWNER_ID = "ownerId";
    static final String VERSION = "version";

    public Map<String, String> toFields() {
        return Map.of(DOCUMENT_ID, documentId.toString(), OWNER_ID, ownerId, VERSION, Integer.toString(version));
    }

    /** @throws IllegalArgumentException for an entry that is not a job of ours */
    public static IngestJob fromFields(Map<String, String> fields) {
        String id = fields.get(DOCUMENT_ID);
        String owner = fields.get(OWNER_ID);
        if (id == null || owner == null) {
            throw new IllegalArgumentException("job entry without documentId/ownerId: " + fields.keySet());
        }
        int version = Integer.parseInt(fields.getOrDefault(VERSION, "1"));
        if (version < 1) {
            throw new IllegalArgumentException("job entry with version " + version);
        }
        return new IngestJob(UUID.fromString(id), owner, version);
    }
}
