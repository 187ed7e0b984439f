package dev.ragsuite.vector.index;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.support.TestRedis;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The re-index lease on the real Redis (the test database of {@code RAG_TEST_REDIS_URL}), and with Redis down. */
class RedisReindexLeaseTest {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    private final String key = "rag:vector:reindex-lease:test-" + UUID.randomUUID();

    @AfterEach
    void removeKey() {
        REDIS.send(Request.cmd(Command.DEL).arg(key));
    }

    @Test
    void oneHolderAtATimeWhoRenewsAndReleasesItsOwnLeaseOnly() throws Exception {
        RedisReindexLease replicaA = new RedisReindexLease(REDIS.client(), key, Duration.ofSeconds(30));
        RedisReindexLease replicaB = new RedisReindexLease(REDIS.client(), key, Duration.ofSeconds(30));
        ReindexLease.Held a = replicaA.tryAcquire().orElseThrow();
        assertTrue(replicaB.tryAcquire().isEmpty(), "held by A");
        assertTrue(a.renew());
        a.release();
        ReindexLease.Held b = replicaB.tryAcquire().orElseThrow();
        a.release(); // A's late release must not free B's lease
        assertTrue(replicaA.tryAcquire().isEmpty(), "still B's");
        assertFalse(a.renew(), "A no longer holds it");
        assertTrue(b.renew());
        b.release();
    }

    @Test
    void anExpiredHolderCannotRenewOnceAnotherTookOver() throws Exception {
        RedisReindexLease shortLease = new RedisReindexLease(REDIS.client(), key, Duration.ofMillis(300));
        ReindexLease.Held dead = shortLease.tryAcquire().orElseThrow();
        Thread.sleep(600); // the holder hung past its TTL
        Optional<ReindexLease.Held> next = shortLease.tryAcquire();
        assertTrue(next.isPresent(), "free once expired");
        assertFalse(dead.renew(), "the hung holder learns it lost the lease");
        next.get().release();
    }

    @Test
    void withoutRedisNobodyHoldsTheLease() {
        Redis down = Redis.createClient(REDIS.vertx(), "redis://127.0.0.1:1/0");
        try {
            assertTrue(new RedisReindexLease(down, key, Duration.ofSeconds(30)).tryAcquire().isEmpty());
        } finally {
            down.close();
        }
    }
}
