package dev.ragsuite.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.OpsHook;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * auth-service's after-restore hook ({@code ops/after-restore.sh}, run by {@code rag-backup.sh restore}) against
 * the real test database and Redis: a session revoked in the database whose denylist entry Redis lost is
 * denylisted again, for the rest of the hour the hook covers, while an entry already in Redis keeps its own
 * lifetime.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AfterRestoreHookTest {

    @Inject
    RedisDataSource redis;

    @Test
    void revokedSessionsAreDenylistedAgainAndNewerEntriesKeepTheirLifetime() throws Exception {
        OpsHook.assumeCommands("auth-service after-restore hook test", "psql", "redis-cli");
        String lost = AuthApi.loginTokens(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD).getString("accessToken");
        String kept = AuthApi.loginTokens(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD).getString("accessToken");
        AuthApi.as(lost).post("/api/auth/logout").then().statusCode(204);
        AuthApi.as(kept).post("/api/auth/logout").then().statusCode(204);
        String lostKey = "rag:auth:revoked:" + AuthApi.sid(lost);
        String keptKey = "rag:auth:revoked:" + AuthApi.sid(kept);
        redis.key().del(lostKey); // what a Redis without the denylist looks like after a restore
        redis.value(String.class).setex(keptKey, 7200, "1"); // e.g. revoked again after the backup
        // (auth-service itself also checks the session row; the denylist is what the other services check)

        String output = OpsHook.run(OpsHook.AFTER_RESTORE);

        assertTrue(output.startsWith("auth-service: ") && output.contains("revoked sessions and API keys denylisted again"),
                output);
        long lostTtl = redis.key().ttl(lostKey);
        assertTrue(lostTtl > 3000 && lostTtl <= 3600, "TTL of the re-written entry: " + lostTtl);
        assertTrue(redis.key().ttl(keptKey) > 3600, "an entry already there keeps its lifetime");
        assertEquals("1", redis.value(String.class).get(lostKey));
    }
}
