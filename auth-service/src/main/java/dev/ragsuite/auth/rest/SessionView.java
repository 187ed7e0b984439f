package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.UserSession;
import java.time.Instant;
import java.util.UUID;

/** One of the caller's sessions; {@code current} marks the one the request came with. */
public record SessionView(UUID id, String userAgent, String ip, Instant createdAt, Instant lastUsedAt,
        Instant expiresAt, boolean current) {

    static SessionView of(UserSession session, UUID currentSessionId) {
        return new SessionView(session.id, session.userAgent, session.ip, session.createdAt, session.lastUsedAt,
                session.expiresAt, session.id.equals(currentSessionId));
    }
}
