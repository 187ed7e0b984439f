package dev.ragsuite.auth.repository;

import dev.ragsuite.auth.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Refresh tokens (hashes only). Callers provide the session / transaction. */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    public Uni<RefreshToken> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /**
     * Marks the token used, unless it was used already; the database decides when two requests
     * present the same token at once.
     *
     * @return whether this call was the first use
     */
    public Uni<Boolean> markUsed(UUID id, Instant at) {
        return update("usedAt = ?1 where id = ?2 and usedAt is null", at, id).map(rows -> rows == 1);
    }
}
