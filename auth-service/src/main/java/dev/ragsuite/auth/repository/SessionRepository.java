package dev.ragsuite.auth.repository;

import dev.ragsuite.auth.UserSession;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
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

    /** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
    public Uni<List<UserSession>> active(UUID userId, Instant now, int limit) {
        return find("userId = ?1 and revokedAt is null and expiresAt > ?2", Sort.descending("createdAt"), userId, now)
                .page(Page.ofSize(limit)).list();
    }

    /** Ids of every unrevoked session of the user (also expired ones: revoking them is harmless). */
    public Uni<List<UUID>> unrevokedIds(UUID userId) {
        return find("select s.id from UserSession s where s.userId = ?1 and s.revokedAt is null", userId)
                .project(UUID.class).list();
    }

    /** Revokes the listed sessions of the user that are not revoked yet. */
    public Uni<Integer> revokeAll(UUID userId, List<UUID> sessionIds, Instant at) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("revokedAt = ?1 where userId = ?2 and id in ?3 and revokedAt is null", at, userId, sessionIds);
    }
}
