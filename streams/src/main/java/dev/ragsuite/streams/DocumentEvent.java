package dev.ragsuite.streams;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of the {@value #STREAM} stream: ingest-service publishes a document's state changes, chat-service
 * drops the cached answers they make stale, and ingest-service's progress feed relays them. Events are
 * notifications; ingest-service's database stays the truth, so a lost event is never fatal.
 *
 * <p>On the wire each entry is flat strings: {@value #DOCUMENT_ID}, {@value #OWNER_ID}, {@value #STATUS}
 * (lower case), and where they apply {@value #VERSION}, {@value #DONE}/{@value #TOTAL} (chunks),
 * {@value #REASON}, {@value #ATTEMPT} and {@value #SHARED} ({@code true} when the document is published to every
 * user, so the change reaches every user's answers); the publisher adds its span's {@code traceparent}.
 */
public record DocumentEvent(UUID documentId, String ownerId, Status status, Integer version, Integer done,
        Integer total, String reason, Integer attempt, boolean shared) {

    /** The default stream name (each service's config may point elsewhere, e.g. in tests). */
    public static final String STREAM = "rag:documents:events";

    public static final String DOCUMENT_ID = "documentId";
    public static final String OWNER_ID = "ownerId";
    public static final String STATUS = "status";
    public static final String VERSION = "version";
    public static final String DONE = "done";
    public static final String TOTAL = "total";
    public static final String REASON = "reason";
    public static final String ATTEMPT = "attempt";
    public static final String SHARED = "shared";

    public enum Status {
        QUEUED, PROCESSING, PARSED, EMBEDDED, RETRYING, INDEXED, FAILED, DELETED,
        /** An admin published the document to every user, or took it back: only who may search it changed. */
        PUBLISHED, UNPUBLISHED;

        /** The status as it is written on the stream and shown to clients. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Work in progress: the document's searchable content has not changed yet. */
        public boolean inProgress() {
            return this != INDEXED && this != FAILED && this != DELETED && !visibility();
        }

        /** A change of who may search the document, not of its processing (no progress feed shows it). */
        public boolean visibility() {
            return this == PUBLISHED || this == UNPUBLISHED;
        }

        /** @throws IllegalArgumentException for a status this version does not know */
        public static Status fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public DocumentEvent {
        if (documentId == null || ownerId == null || ownerId.isBlank() || status == null) {
            throw new IllegalArgumentException("a document event needs documentId, ownerId and status");
        }
    }

    public static DocumentEvent of(UUID documentId, String ownerId, Status status) {
        return new DocumentEvent(documentId, ownerId, status, null, null, null, null, null, false);
    }

    /** The same event, saying whether the document is published to every user. */
    public DocumentEvent withShared(boolean published) {
        return new DocumentEvent(documentId, ownerId, status, version, done, total, reason, attempt, published);
    }

    public DocumentEvent withVersion(int v) {
        return new DocumentEvent(documentId, ownerId, status, v, done, total, reason, attempt, shared);
    }

    public DocumentEvent withProgress(int doneChunks, int totalChunks) {
        return new DocumentEvent(documentId, ownerId, status, version, doneChunks, totalChunks, reason, attempt, shared);
    }

    public DocumentEvent withReason(String why) {
        return new DocumentEvent(documentId, ownerId, status, version, done, total, why, attempt, shared);
    }

    public DocumentEvent withAttempt(int n) {
        return new DocumentEvent(documentId, ownerId, status, version, done, total, reason, n, shared);
    }

    /** The entry's fields, without trace context. */
    public Map<String, String> toFields() {
        Map<String, String> fields = new HashMap<>();
        fields.put(DOCUMENT_ID, documentId.toString());
        fields.put(OWNER_ID, ownerId);
        fields.put(STATUS, status.wire());
        put(fields, VERSION, version);
        put(fields, DONE, done);
        put(fields, TOTAL, total);
        put(fields, ATTEMPT, attempt);
        if (reason != null) {
            fields.put(REASON, reason);
        }
        if (shared) {
            fields.put(SHARED, "true");
        }
        return fields;
    }

    /**
     * Reads an entry; unknown fields are ignored, an unreadable number is left out.
     *
     * @throws IllegalArgumentException for an entry without a document id, owner or known status
     */
    public static DocumentEvent fromFields(Map<String, String> fields) {
        String id = required(fields, DOCUMENT_ID);
        return new DocumentEvent(UUID.fromString(id), required(fields, OWNER_ID),
                Status.fromWire(required(fields, STATUS)), integer(fields.get(VERSION)), integer(fields.get(DONE)),
                integer(fields.get(TOTAL)), fields.get(REASON), integer(fields.get(ATTEMPT)),
                "true".equals(fields.get(SHARED)));
    }

    private static void put(Map<String, String> fields, String name, Integer value) {
        if (value != null) {
            fields.put(name, value.toString());
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields == null ? null : fields.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("document event without " + name);
        }
        return value;
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
