package dev.ragsuite.ingest;

import dev.ragsuite.vector.api.DocumentSource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A document (uploaded, imported from a URL or by a connector) and the state of its ingestion. PostgreSQL is the source of truth for job
 * state: the Redis stream only says "look at this document"; {@code attempts} and
 * {@code updatedAt} let a reconciler find work a lost job or a dead worker left unfinished.
 */
@Entity
@Table(name = "documents")
public class Document {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(nullable = false)
    public String name;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false, columnDefinition = "char(64)")
    public String sha256;

    @Column(nullable = false)
    public DocumentStatus status;

    public String error;

    @Column(name = "chunk_count", nullable = false)
    public int chunkCount;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "indexed_at")
    public Instant indexedAt;

    /** Starts at 1; an upload of changed bytes under the same name makes the next version. */
    @Column(nullable = false)
    public int version;

    /** Name of the current version's stored bytes (see DocumentStorage). */
    @Column(name = "storage_key", nullable = false)
    public String storageKey;

    @Column(name = "content_key", nullable = false)
    public String contentKey;

    /** The reason of the latest failed attempt, also while a retry is pending. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "progress_done", nullable = false)
    public int progressDone;

    @Column(name = "progress_total", nullable = false)
    public int progressTotal;

    @Column(name = "chunker_version")
    public String chunkerVersion;

    /** {@code upload}, {@code url} or {@code clickup} (see {@link DocumentSource}). */
    @Column(name = "source_type", nullable = false)
    public String sourceType;

    /** The original's id in the system it came from (a ClickUp task id); null for uploads and URLs. */
    @Column(name = "source_external_id")
    public String sourceExternalId;

    /** Where the original can be opened; null for uploads. */
    @Column(name = "source_url")
    public String sourceUrl;

    /** Published by an admin to every user: read-only for them, in their lists and their answers. */
    @Column(nullable = false)
    public boolean published;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The admin who published it. */
    @Column(name = "published_by")
    public String publishedBy;

    /** Where the document came from, as documents, chunks and citations carry it. */
    public DocumentSource source() {
        return new DocumentSource(sourceType, sourceExternalId, sourceUrl);
    }
}
