package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.as;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A revoked session's denylist entry must outlive every token of that session, including the clock
 * skew verifiers allow past {@code exp}: with one-minute tokens, a token revoked in its first seconds
 * must still be refused after the minute is over.
 */
@QuarkusTest
@TestProfile(RevocationOutlivesTokenTest.OneMinuteTokens.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RevocationOutlivesTokenTest {

    public static class OneMinuteTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rag.auth.access-token-ttl", "PT1M", "rag.auth.api-keys.token-ttl", "PT30S");
        }
    }

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "mp.jwt.verify.clock.skew")
    long clockSkewSeconds;

    @Test
    void aRevokedAdminTokenIsRefusedUntilItsExpiryPlusTheClockSkew() throws InterruptedException {
        String admin = AuthApi.loginTokens(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD).getString("accessToken");
        long exp = AuthApi.payload(admin).get("exp").asLong();
        as(admin).get("/api/admin/users").then().statusCode(200);
        as(admin).post("/api/auth/logout").then().statusCode(204);

        long acceptedUntilMillis = (exp + clockSkewSeconds) * 1000;
        long entryExpiresMillis = System.currentTimeMillis() + redis.key().pttl("rag:auth:revoked:" + AuthApi.sid(admin));
        assertTrue(entryExpiresMillis >= acceptedUntilMillis, "the denylist entry ends "
                + (acceptedUntilMillis - entryExpiresMillis) + " ms before the token stops being accepted");

        // past exp (verifiers still accept the token for the skew): the admin API must refuse it
        long wait = exp * 1000 + 2000 - System.currentTimeMillis();
        Thread.sleep(Math.max(0, wait));
        as(admin).get("/api/admin/users").then().statusCode(401);
    }
}
