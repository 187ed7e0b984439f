package dev.ragsuite.common.security;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The Redis denylist of revoked sessions. auth-service writes it on logout; the gateway and every
 * service read it on each authenticated request, so a revoked session stops working everywhere at
 * once. An entry lives as long as the longest access token of that session could. The key of a
 * session is {@code rag:auth:revoked:{sid}}; {@code sid} is a login session id or an API key id.
 */
@ApplicationScoped
public class RevokedSessions {

    static final String KEY_PREFIX = "rag:auth:revoked:";
    private static final Logger LOG = Logger.getLogger(RevokedSessions.class);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    public RevokedSessions(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
    }

    public Uni<Void> revoke(String sessionId, Duration ttl) {
        return unavailableOnFailure(values.setex(KEY_PREFIX + sessionId, Math.max(1, ttl.toSeconds()), "1"));
    }

    /** Denylists every session in one go (the commands are pipelined); an empty collection does nothing. */
    public Uni<Void> revokeAll(Collection<String> sessionIds, Duration ttl) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> writes = sessionIds.stream().map(sid -> revoke(sid, ttl)).toList();
        return Uni.join().all(writes).andFailFast().replaceWithVoid();
    }

    public Uni<Boolean> isRevoked(String sessionId) {
        return unavailableOnFailure(keys.exists(KEY_PREFIX + sessionId));
    }

    /**
     * Fails closed: without Redis a revocation can neither be written nor checked, so the request
     * gets a 503 problem (never a 500, and never a token accepted unchecked).
     */
    private static <T> Uni<T> unavailableOnFailure(Uni<T> operation) {
        return operation.onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
            LOG.warnf("Revoked-session store (Redis) failed: %s", e.toString());
            return ProblemException.unavailable("The session store is unreachable; try again shortly.");
        });
    }
}
