package dev.ragsuite.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A long-lived credential for programmatic clients ({@code rk_…}). Only the SHA-256 of the key is
 * stored; the key itself is shown once. Its id is the {@code sid} of the access tokens exchanged
 * for it, so revoking it denylists them like a session.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String name;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    /** The first characters of the key, enough for a person to recognise it. */
    @Column(nullable = false)
    public String prefix;

    /** Space-separated {@link dev.ragsuite.common.security.ApiKeyScope} values. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public List<String> scopeList() {
        return Arrays.asList(scopes.split(" "));
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
