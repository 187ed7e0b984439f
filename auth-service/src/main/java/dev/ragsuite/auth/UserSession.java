package dev.ragsuite.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One login: its id is the `sid` claim of the access tokens issued for it. Revoking it (logout)
 * makes every service reject those tokens at once (see common's {@code RevokedSessions}).
 */
@Entity
@Table(name = "sessions")
public class UserSession {

    /** Longest user agent we keep; the rest is cut off. */
    public static final int USER_AGENT_MAX_LENGTH = 512;

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "user_agent")
    public String userAgent;

    public String ip;

    public static UserSession start(UUID userId, Instant now, Instant expiresAt, String userAgent, String ip) {
        UserSession session = new UserSession();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.expiresAt = expiresAt;
        session.userAgent = clip(userAgent);
        session.ip = ip;
        return session;
    }

    /** The user agent as far as we keep it. */
    public static String clip(String userAgent) {
        return userAgent == null || userAgent.length() <= USER_AGENT_MAX_LENGTH
                ? userAgent : userAgent.substring(0, USER_AGENT_MAX_LENGTH);
    }

    /** Not revoked and within its absolute lifetime ({@code expiresAt}). */
    public boolean isActive(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    /** Active and used (refreshed) within the idle limit. */
    public boolean isActive(Instant now, java.time.Duration idleTimeout) {
        return isActive(now) && lastUsedAt.plus(idleTimeout).isAfter(now);
    }
}
