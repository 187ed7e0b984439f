package dev.ragsuite.auth.repository;

import dev.ragsuite.auth.AuditEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The audit trail. Callers provide the session / transaction. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEvent, UUID> {

    /** One page, newest first; {@code type} and {@code userId} filter when given. */
    public Uni<List<AuditEvent>> page(String type, UUID userId, int page, int size) {
        Filter f = filter(type, userId);
        return find(f.query(), Sort.descending("at").and("id", Sort.Direction.Descending), f.params())
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> count(String type, UUID userId) {
        Filter f = filter(type, userId);
        return count(f.query(), f.params());
    }

    private record Filter(String query, Object[] params) {
    }

    private static Filter filter(String type, UUID userId) {
        if (type != null && userId != null) {
            return new Filter("type = ?1 and userId = ?2", new Object[] { type, userId });
        } else if (type != null) {
            return new Filter("type = ?1", new Object[] { type });
        } else if (userId != null) {
            return new Filter("userId = ?1", new Object[] { userId });
        }
        return new Filter("1 = 1", new Object[0]);
    }
}
