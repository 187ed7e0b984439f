package dev.ragsuite.auth.repository;

import dev.ragsuite.auth.ApiKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API keys (hashes only). Callers provide the session / transaction. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Uni<ApiKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    /** The user's keys that are not revoked, newest first (expired ones included, marked by their date). */
    public Uni<List<ApiKey>> listUnrevoked(UUID userId) {
        return find("userId = ?1 and revokedAt is null", Sort.descending("createdAt").and("id"), userId).list();
    }

    public Uni<Long> countActive(UUID userId, Instant now) {
        return count("userId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2)", userId, now);
    }

    /** @return whether this call revoked it (false when unknown, someone else's, or revoked already) */
    public Uni<Boolean> revoke(UUID id, UUID userId, Instant at) {
        return update("revokedAt = ?1 where id = ?2 and userId = ?3 and revokedAt is null", at, id, userId)
                .map(rows -> rows == 1);
    }

    /** Records a use, at most once per {@code granularity} per key, so busy keys do not write on every call. */
    public Uni<Integer> touch(UUID id, Instant now, Duration granularity) {
        return update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
                now, id, now.minus(granularity));
    }

    /** Revokes these keys of the user (those not revoked yet). */
    public Uni<Integer> revokeAll(UUID userId, List<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("revokedAt = ?1 where userId = ?2 and id in ?3 and revokedAt is null", at, userId, ids);
    }

    public Uni<List<UUID>> unrevokedIds(UUID userId) {
        return find("select k.id from ApiKey k where k.userId = ?1 and k.revokedAt is null", userId)
                .project(UUID.class).list();
    }
}
