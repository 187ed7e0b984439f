package dev.ragsuite.auth.token;

import dev.ragsuite.auth.ApiKey;
import dev.ragsuite.auth.User;
import dev.ragsuite.auth.config.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens: RS256 JWTs with {@code iss}, {@code sub} (user id), {@code upn} (e-mail),
 * {@code groups} (the role), {@code sid} (session id, or API key id), {@code jti}, {@code iat},
 * {@code exp} and the {@code kid} of the active signing key in the header. Tokens exchanged for an
 * API key also carry {@code scope} (space-separated) and {@code amr: ["api_key"]}. Every service
 * verifies them against our JWKS.
 */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final String issuer;
    private final Duration ttl;
    private final Duration apiKeyTtl;

    public TokenIssuer(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.issuer = config.issuer();
        this.ttl = config.accessTokenTtl();
        this.apiKeyTtl = config.apiKeys().tokenTtl();
    }

    /** Lifetime of a session's access token. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The longest any access token we sign lives; a denylist entry lasts this plus the verifiers'
     * clock skew (added by {@code RevokedSessions}).
     */
    public Duration longestTtl() {
        return ttl.compareTo(apiKeyTtl) >= 0 ? ttl : apiKeyTtl;
    }

    public AccessToken issue(User user, UUID sessionId, Instant issuedAt) {
        return sign(claims(user, sessionId, issuedAt, ttl), issuedAt, ttl);
    }

    public AccessToken issueForApiKey(User user, ApiKey key, Instant issuedAt) {
        JwtClaimsBuilder claims = claims(user, key.id, issuedAt, apiKeyTtl)
                .claim("scope", key.scopes)
                .claim("amr", List.of("api_key"));
        return sign(claims, issuedAt, apiKeyTtl);
    }

    private JwtClaimsBuilder claims(User user, UUID sid, Instant issuedAt, Duration lifetime) {
        return Jwt.issuer(issuer)
                .subject(user.id.toString())
                .upn(user.email)
                .groups(Set.of(user.role.value()))
                .claim("sid", sid.toString())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifetime));
    }

    private AccessToken sign(JwtClaimsBuilder claims, Instant issuedAt, Duration lifetime) {
        String token = claims.jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.keyId())
                .sign(keys.privateKey());
        return new AccessToken(token, lifetime.toSeconds());
    }

    public record AccessToken(String value, long expiresInSeconds) {
    }
}
