package dev.ragsuite.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Hostile access tokens for attack suites, all compact JWS strings built around one set of claims
 * (user, session, groups) shaped like auth-service's. Every service must answer each of them —
 * except {@link #valid()} — with 401, never 500:
 *
 * <ul>
 * <li>{@link #valid()} — correct in every respect (test key, its {@code kid}, issuer
 * {@value TestJwt#ISSUER}, 5 minutes left); the control case.</li>
 * <li>{@link #expired()} — signed correctly, but {@code exp} was 10 minutes ago (beyond the 60 s
 * clock-skew allowance).</li>
 * <li>{@link #tampered()} — the payload of {@link #valid()} changed after signing
 * ({@code groups: ["admin"]}, another {@code sub}), with the original header and signature.</li>
 * <li>{@link #wrongSignature()} — signed by another RSA key that claims the test key's {@code kid}.</li>
 * <li>{@link #algNone()} — header {@code "alg":"none"} and an empty signature (the classic bypass).</li>
 * <li>{@link #unknownKid()} — signed by the test key but naming a {@code kid} no JWKS has.</li>
 * <li>{@link #wrongIssuer()} — signed by the test key with {@code iss} of another issuer.</li>
 * </ul>
 *
 * <p>Build one with {@link #forSession} (for a session a service knows, e.g. a real login) or
 * {@link #forUser} (fresh session id). {@link #attacks()} lists every token that must fail.
 */
public final class AttackTokens {

    /** The issuer {@link #wrongIssuer()} claims. */
    public static final String FOREIGN_ISSUER = "https://attacker.example";

    private static PrivateKey foreignKey;

    private final String userId;
    private final String sessionId;
    private final Set<String> groups;
    /** The trusted key and its id; {@code null} means the test key pair ({@link TestKeys}). */
    private final PrivateKey trustedKey;
    private final String trustedKid;

    private AttackTokens(String userId, String sessionId, Set<String> groups, PrivateKey trustedKey, String trustedKid) {
        this.userId = userId;
        this.sessionId = sessionId;
        this.groups = Set.copyOf(groups);
        this.trustedKey = trustedKey;
        this.trustedKid = trustedKid;
    }

    /**
     * The same attacks around a key the system under test really trusts, e.g. the key a running
     * suite generated at first start (end-to-end tests), instead of the test key pair.
     */
    public AttackTokens signedWith(PrivateKey key, String kid) {
        return new AttackTokens(userId, sessionId, groups, key, kid);
    }

    private PrivateKey key() {
        return trustedKey != null ? trustedKey : TestKeys.privateKey();
    }

    private String kid() {
        return trustedKid != null ? trustedKid : TestKeys.keyId();
    }

    public static AttackTokens forSession(String userId, String sessionId, Set<String> groups) {
        return new AttackTokens(userId, sessionId, groups, null, null);
    }

    /** A user with role {@code user} and a fresh session id. */
    public static AttackTokens forUser(String userId) {
        return new AttackTokens(userId, UUID.randomUUID().toString(), Set.of("user"), null, null);
    }

    public String valid() {
        return claims(TestJwt.ISSUER, userId, groups, Instant.now(), Duration.ofMinutes(5))
                .jws().keyId(kid()).sign(key());
    }

    public String expired() {
        Instant issued = Instant.now().minus(Duration.ofMinutes(20));
        return claims(TestJwt.ISSUER, userId, groups, issued, Duration.ofMinutes(10))
                .jws().keyId(kid()).sign(key());
    }

    public String tampered() {
        Instant now = Instant.now();
        String original = claims(TestJwt.ISSUER, userId, groups, now, Duration.ofMinutes(5))
                .jws().keyId(kid()).sign(key());
        // a second token only to borrow its payload segment; its signature is thrown away
        String escalated = claims(TestJwt.ISSUER, "someone-else-" + userId, Set.of("admin"), now, Duration.ofMinutes(5))
                .jws().keyId(kid()).sign(key());
        String[] o = original.split("\\.");
        String[] e = escalated.split("\\.");
        return o[0] + "." + e[1] + "." + o[2];
    }

    public String wrongSignature() {
        return claims(TestJwt.ISSUER, userId, groups, Instant.now(), Duration.ofMinutes(5))
                .jws().keyId(kid()).sign(foreignKey());
    }

    public String algNone() {
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\"}";
        String payload = valid().split("\\.")[1];
        return base64Url(header) + "." + payload + ".";
    }

    public String unknownKid() {
        return claims(TestJwt.ISSUER, userId, groups, Instant.now(), Duration.ofMinutes(5))
                .jws().keyId("unknown-" + UUID.randomUUID()).sign(key());
    }

    public String wrongIssuer() {
        return claims(FOREIGN_ISSUER, userId, groups, Instant.now(), Duration.ofMinutes(5))
                .jws().keyId(kid()).sign(key());
    }

    /** Every token that must be rejected, by name (stable order, for test reports). */
    public Map<String, String> attacks() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("expired", expired());
        all.put("tampered payload", tampered());
        all.put("wrong signature", wrongSignature());
        all.put("alg none", algNone());
        all.put("unknown kid", unknownKid());
        all.put("wrong issuer", wrongIssuer());
        return all;
    }

    private JwtClaimsBuilder claims(String issuer, String subject, Set<String> roles, Instant issuedAt, Duration lifetime) {
        return Jwt.issuer(issuer)
                .subject(subject)
                .upn(subject + "@example.test")
                .groups(roles)
                .claim("sid", sessionId)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifetime));
    }

    private static synchronized PrivateKey foreignKey() {
        if (foreignKey == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                foreignKey = generator.generateKeyPair().getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate an RSA key", e);
            }
        }
        return foreignKey;
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
