package dev.ragsuite.testing;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens shaped like auth-service's, with the test key pair (header {@code kid} =
 * {@link TestKeys#keyId()}), for services under test. For malformed and hostile tokens see
 * {@link AttackTokens}.
 */
public final class TestJwt {

    public static final String ISSUER = "rag-suite";

    private TestJwt() {
    }

    /** A user token with a fresh session id. */
    public static String user(String userId) {
        return token(userId, UUID.randomUUID().toString(), Set.of("user"));
    }

    public static String token(String userId, String sessionId, Set<String> groups) {
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .upn(userId + "@example.test")
                .groups(groups)
                .claim("sid", sessionId)
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(Duration.ofMinutes(5))
                .jws().keyId(TestKeys.keyId())
                .sign(TestKeys.privateKey());
    }

    /** A scoped token like the one an API key is exchanged for ({@code scope} claim, space-separated). */
    public static String scoped(String userId, String... scopes) {
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .upn(userId + "@example.test")
                .groups(Set.of("user"))
                .claim("sid", UUID.randomUUID().toString())
                .claim("jti", UUID.randomUUID().toString())
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(5))
                .jws().keyId(TestKeys.keyId())
                .sign(TestKeys.privateKey());
    }

    /** A token signed by a key the services do not trust. */
    public static String forged(String userId) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).subject(userId).upn(userId).groups("user")
                    .claim("sid", UUID.randomUUID().toString())
                    .expiresIn(Duration.ofMinutes(5))
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
