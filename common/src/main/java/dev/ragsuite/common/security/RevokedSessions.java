package dev.ragsuite.common.security;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The Redis denylist of revoked sessions. auth-service writes it on logout; the gateway and every
 * service read it on each authenticated request, so a revoked session stops working everywhere at
 * once. An entry lives as long as the longest access token of that session could.
 */
@ApplicationScoped
public class RevokedSessions {

    static final String KEY_PREFIX = "rag:auth:revoked:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    public RevokedSessions(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
    }

    public Uni<Void> revoke(String sessionId, Duration ttl) {
        return values.setex(KEY_PREFIX + sessionId, Math.max(1, ttl.toSeconds()), "1");
    }

    public Uni<Boolean> isRevoked(String sessionId) {
        return keys.exists(KEY_PREFIX + sessionId);
    }
}
