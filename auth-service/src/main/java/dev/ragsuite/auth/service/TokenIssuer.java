package dev.ragsuite.auth.service;

import dev.ragsuite.auth.User;
import dev.ragsuite.auth.UserSession;
import dev.ragsuite.auth.config.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs access tokens: RS256 JWTs with {@code iss}, {@code sub} (user id), {@code upn} (e-mail),
 * {@code groups} (the role), {@code sid} (session id), {@code jti}, {@code iat}, {@code exp} and
 * the {@code kid} of our signing key in the header. Every service verifies them against our JWKS.
 */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final String issuer;
    private final Duration ttl;

    public TokenIssuer(SigningKeys keys, AuthConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.keys = keys;
        this.issuer = issuer;
        this.ttl = config.accessTokenTtl();
    }

    /** The session's tokens expire with it: {@code expiresAt} is what a new session should get. */
    public Instant expiresAt(Instant issuedAt) {
        return issuedAt.plus(ttl);
    }

    public Duration ttl() {
        return ttl;
    }

    public AccessToken issue(User user, UserSession session, Instant issuedAt) {
        Instant expiresAt = expiresAt(issuedAt);
        String token = Jwt.issuer(issuer)
                .subject(user.id.toString())
                .upn(user.email)
                .groups(Set.of(user.role.value()))
                .claim("sid", session.id.toString())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.keyId())
                .sign(keys.privateKey());
        return new AccessToken(token, Duration.between(issuedAt, expiresAt).toSeconds());
    }

    public record AccessToken(String value, long expiresInSeconds) {
    }
}
