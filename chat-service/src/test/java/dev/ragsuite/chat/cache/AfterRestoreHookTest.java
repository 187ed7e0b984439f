package dev.ragsuite.chat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.OpsHook;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * chat-service's after-restore hook ({@code ops/after-restore.sh}, run by {@code rag-backup.sh restore}) against
 * the real Redis: every key of the answer cache, under the prefixes {@link AnswerCache} writes, is gone
 * afterwards, and nothing else is touched.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AfterRestoreHookTest {

    @Inject
    RedisDataSource redis;

    @Test
    void everyCachedAnswerKeyIsDroppedAndNothingElse() throws Exception {
        OpsHook.assumeCommands("chat-service after-restore hook test", "redis-cli");
        String owner = "restore-" + UUID.randomUUID();
        List<String> cacheKeys = List.of(AnswerCache.ANSWERS + owner + ":1:hybrid:5:question",
                AnswerCache.INDEX_VERSION + owner, AnswerCache.CITED + UUID.randomUUID());
        String unrelated = "rag:auth:revoked:" + owner;
        for (String key : cacheKeys) {
            redis.value(String.class).set(key, "x");
        }
        redis.value(String.class).setex(unrelated, 600, "1");

        String output = OpsHook.run(OpsHook.AFTER_RESTORE);

        assertTrue(output.startsWith("chat-service: ") && output.endsWith("cached answer keys dropped"), output);
        for (String key : cacheKeys) {
            assertEquals(0, redis.key().exists(key) ? 1 : 0, key + " survived the hook");
        }
        assertEquals("1", redis.value(String.class).get(unrelated));
    }
}
