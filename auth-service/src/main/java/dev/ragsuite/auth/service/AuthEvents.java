package dev.ragsuite.auth.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Appends auth events to the Redis stream {@value #STREAM} (read by the gateway). Consumers must be
 * idempotent: an event can be appended again when a client retries.
 */
@ApplicationScoped
public class AuthEvents {

    public static final String STREAM = "rag:auth:events";
    /** The stream is trimmed to about this many entries; it is a notification channel, not a log. */
    private static final long MAX_LENGTH = 100_000;

    private final ReactiveStreamCommands<String, String, String> streams;

    public AuthEvents(ReactiveRedisDataSource redis) {
        this.streams = redis.stream(String.class);
    }

    public Uni<Void> sessionRevoked(UUID sessionId, UUID userId, Instant at) {
        Map<String, String> fields = Map.of(
                "type", "session.revoked",
                "sessionId", sessionId.toString(),
                "userId", userId.toString(),
                "at", at.toString());
        return streams.xadd(STREAM, new XAddArgs().maxlen(MAX_LENGTH).nearlyExactTrimming(), fields)
                .replaceWithVoid();
    }
}
