package dev.ragsuite.ingest.repository;

import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Documents, always looked up together with their owner on the user-facing paths. State changes
 * are conditional UPDATE statements, never merges of a loaded entity, so a worker can never bring
 * back a row that was deleted while it was working: it just sees "0 rows updated".
 * Callers provide the session/transaction ({@code @WithSession}, {@code @WithTransaction}).
 */
@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<Document, UUID> {

    public Uni<Document> findOwned(UUID id, String ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }

    /** The owner's row, locked until the surrounding transaction ends (used by delete). */
    public Uni<Document> lockOwned(UUID id, String ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<List<Document>> pageOf(String ownerId, int page, int size) {
        return find("ownerId", Sort.descending("createdAt").and("id", Sort.Direction.Descending), ownerId)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> countOf(String ownerId) {
        return count("ownerId", ownerId);
    }

    /**
     * Claims a document for processing unless it is already indexed.
     *
     * @return 1 when claimed, 0 when the row is gone or already indexed
     */
    public Uni<Integer> markProcessing(UUID id, Instant now) {
        return update("status = :processing, attempts = attempts + 1, error = null, updatedAt = :now"
                + " where id = :id and status <> :indexed",
                Parameters.with("processing", DocumentStatus.PROCESSING).and("now", now)
                        .and("id", id).and("indexed", DocumentStatus.INDEXED));
    }

    /** @return 1 when recorded, 0 when the row was deleted (or taken over) meanwhile */
    public Uni<Integer> markIndexed(UUID id, int chunkCount, Instant now) {
        return update("status = :indexed, chunkCount = :chunks, error = null, updatedAt = :now, indexedAt = :now"
                + " where id = :id and status = :processing",
                Parameters.with("indexed", DocumentStatus.INDEXED).and("chunks", chunkCount).and("now", now)
                        .and("id", id).and("processing", DocumentStatus.PROCESSING));
    }

    /** @return 1 when recorded, 0 when the row was deleted meanwhile */
    public Uni<Integer> markFailed(UUID id, String error, Instant now) {
        return update("status = :failed, error = :error, updatedAt = :now where id = :id and status <> :indexed",
                Parameters.with("failed", DocumentStatus.FAILED).and("error", error).and("now", now)
                        .and("id", id).and("indexed", DocumentStatus.INDEXED));
    }

    public Uni<Boolean> exists(UUID id) {
        return count("id", id).map(n -> n > 0);
    }
}
