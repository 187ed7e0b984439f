package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.as;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.token.TokenIssuer;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A revoked session's denylist entry must outlive every token of that session, including the clock
 * skew verifiers allow past {@code exp}: a token revoked in its first seconds must still be refused
 * after its lifetime is over.
 *
 * <p>Rather than wait out a whole token lifetime (at least a minute), the test has the service's own
 * {@link TokenIssuer} sign a token of the same session as the login would have signed it a lifetime
 * ago less three seconds: same key, same claims, an {@code exp} three seconds away. The denylist entry
 * is checked against the fresh login token's {@code exp}, the refusal after {@code exp} (inside the
 * skew) with the short one; a token of a session that was not revoked, just as far past its
 * {@code exp}, is still accepted, so that refusal is the denylist's doing, not the expiry's.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RevocationOutlivesTokenTest {

    @Inject
    RedisDataSource redis;

    @Inject
    TokenIssuer tokens;

    @ConfigProperty(name = "mp.jwt.verify.clock.skew")
    long clockSkewSeconds;

    @Test
    void aRevokedAdminTokenIsRefusedUntilItsExpiryPlusTheClockSkew() throws InterruptedException {
        String admin = AuthApi.loginTokens(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD).getString("accessToken");
        long exp = AuthApi.payload(admin).get("exp").asLong();
        String expiring = expiringSoon(admin);
        long expiringExp = AuthApi.payload(expiring).get("exp").asLong();
        String live = AuthApi.loginTokens(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD).getString("accessToken");
        String other = expiringSoon(live);
        as(admin).get("/api/admin/users").then().statusCode(200);
        as(expiring).get("/api/admin/users").then().statusCode(200);
        as(admin).post("/api/auth/logout").then().statusCode(204);

        long acceptedUntilMillis = (exp + clockSkewSeconds) * 1000;
        long entryExpiresMillis = System.currentTimeMillis() + redis.key().pttl("rag:auth:revoked:" + AuthApi.sid(admin));
        assertTrue(entryExpiresMillis >= acceptedUntilMillis, "the denylist entry ends "
                + (acceptedUntilMillis - entryExpiresMillis) + " ms before the token stops being accepted");

        // past exp (verifiers still accept the token for the skew): the admin API must refuse it
        long wait = expiringExp * 1000 + 2000 - System.currentTimeMillis();
        Thread.sleep(Math.max(0, wait));
        as(other).get("/api/admin/users").then().statusCode(200);
        as(expiring).get("/api/admin/users").then().statusCode(401);
        as(admin).get("/api/admin/users").then().statusCode(401);
        assertTrue(System.currentTimeMillis() < (expiringExp + clockSkewSeconds) * 1000,
                "the checks ran past the clock skew, so they did not test the denylist");
        as(live).post("/api/auth/logout").then().statusCode(204);
    }

    /** A token of the same user and session, signed a lifetime ago less three seconds. */
    private String expiringSoon(String accessToken) {
        User user = new User();
        user.id = UUID.fromString(AuthApi.sub(accessToken));
        user.email = AuthApi.payload(accessToken).get("upn").asText();
        user.role = Role.ADMIN;
        Instant issuedAt = Instant.now().minus(tokens.ttl()).plusSeconds(3);
        String token = tokens.issue(user, UUID.fromString(AuthApi.sid(accessToken)), issuedAt).value();
        assertTrue(AuthApi.payload(token).get("exp").asLong() * 1000 > System.currentTimeMillis(),
                "the short token must not have expired yet");
        return token;
    }
}
