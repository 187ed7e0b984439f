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

    public Uni<List<Document>> pageOf(String ownerId, int page, int size) {
        return find("ownerId", Sort.descending("createdAt").and("id", Sort.Direction.Descending), ownerId)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> countOf(String ownerId) {
        return count("ownerId", ownerId);
    }

    public Uni<Boolean> exists(UUID id) {
        return count("id", id).map(n -> n > 0);
    }
}
