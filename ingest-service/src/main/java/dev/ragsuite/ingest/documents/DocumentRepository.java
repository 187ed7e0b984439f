package dev.ragsuite.ingest.documents;

import dev.ragsuite.ingest.Document;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/**
 * Documents as the owner-facing REST paths read them, always looked up together with their owner.
 * Job state changes are not made here but in {@code jobs.JobStore}, as conditional UPDATEs.
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

    /** The caller's own document or one an admin published to everyone; null otherwise. */
    public Uni<Document> findVisible(UUID id, String callerId) {
        return find("id = ?1 and (ownerId = ?2 or published = true)", id, callerId).firstResult();
    }

    /** Any owner's document, locked until the surrounding transaction ends (publishing). */
    public Uni<Document> lockAny(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The caller's documents and those published to everyone, newest first. */
    public Uni<List<Document>> pageOf(String callerId, int page, int size) {
        return find("ownerId = ?1 or published = true", Sort.descending("createdAt").and("id", Sort.Direction.Descending),
                callerId)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> countOf(String callerId) {
        return count("ownerId = ?1 or published = true", callerId);
    }

    public Uni<Boolean> exists(UUID id) {
        return count("id", id).map(n -> n > 0);
    }
}
