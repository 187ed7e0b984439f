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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Redis denylist of revoked sessions. auth-service writes it on logout; the gateway and every
 * service read it on each authenticated request, so a revoked session stops working everywhere at
 * once. An entry lives as long as any token of that session can still be accepted: the token's
 * lifetime plus the clock skew every verifier allows past {@code exp} ({@code mp.jwt.verify.clock.skew},
 * set once for all services in common's {@code microprofile-config.properties}). The key of a session is
 * {@code rag:auth:revoked:{sid}}; {@code sid} is a login session id or an API key id.
 */
@ApplicationScoped
public class RevokedSessions {

    static final String KEY_PREFIX = "rag:auth:revoked:";
    private static final Logger LOG = Logger.getLogger(RevokedSessions.class);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration clockSkew;

    public RevokedSessions(ReactiveRedisDataSource redis,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew") int clockSkewSeconds) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.clockSkew = Duration.ofSeconds(Math.max(0, clockSkewSeconds));
    }

    /**
     * Denylists a session whose access tokens live at most {@code tokenLifetime}; the entry lasts
     * that long plus the verifiers' clock skew, counted from now (no token of the session is newer).
     */
    public Uni<Void> revoke(String sessionId, Duration tokenLifetime) {
        long seconds = Math.max(1, entryLifetime(tokenLifetime).toSeconds());
        return unavailableOnFailure(values.setex(KEY_PREFIX + sessionId, seconds, "1"));
    }

    /** How long an entry for tokens of this lifetime lasts: the lifetime plus the allowed clock skew. */
    public Duration entryLifetime(Duration tokenLifetime) {
        return tokenLifetime.plus(clockSkew);
    }

    /** Denylists every session in one go (the commands are pipelined); an empty collection does nothing. */
    public Uni<Void> revokeAll(Collection<String> sessionIds, Duration tokenLifetime) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> writes = sessionIds.stream().map(sid -> revoke(sid, tokenLifetime)).toList();
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
