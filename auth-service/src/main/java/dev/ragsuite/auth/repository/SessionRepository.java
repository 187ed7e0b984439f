package dev.ragsuite.auth.repository;

import dev.ragsuite.auth.UserSession;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Login sessions. Callers provide the session / transaction. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<UserSession, UUID> {

    /**
     * Marks the session revoked if it belongs to that user and is not revoked yet.
     *
     * @return whether this call revoked it (false when already revoked or unknown)
     */
    public Uni<Boolean> revoke(UUID sessionId, UUID userId, Instant at) {
        return update("revokedAt = ?1 where id = ?2 and userId = ?3 and revokedAt is null", at, sessionId, userId)
                .map(rows -> rows > 0);
    }
}
