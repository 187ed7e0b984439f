package dev.ragsuite.vector.index;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The re-index lease in Redis: {@code SET key token NX PX ttl}; renewed and released only by its holder
 * (a Lua script compares the token first), so an expired holder can neither extend nor delete a successor's
 * lease. A Redis failure counts as "not held": no replica copies without it, and the copier stops.
 */
public final class RedisReindexLease implements ReindexLease {

    private static final Logger LOG = Logger.getLogger(RedisReindexLease.class);
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Redis redis;
    private final String key;
    private final Duration ttl;

    /** @param key one per shared index, e.g. {@code rag:vector:reindex-lease:<collection prefix>} */
    public RedisReindexLease(Redis redis, String key, Duration ttl) {
        this.redis = redis;
        this.key = key;
        this.ttl = ttl;
    }

    @Override
    public Optional<Held> tryAcquire() {
        String token = UUID.randomUUID().toString();
        try {
            Response set = redis.send(Request.cmd(Command.SET).arg(key).arg(token).arg("NX").arg("PX").arg(ttl.toMillis()))
                    .await().atMost(CALL_TIMEOUT);
            if (set == null) {
                return Optional.empty(); // held by another replica
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not take the re-index lease %s in Redis: %s", key, e.toString());
            return Optional.empty();
        }
        return Optional.of(new Held() {
            @Override
            public boolean renew() {
                return script(RENEW, token, ttl.toMillis());
            }

            @Override
            public void release() {
                script(RELEASE, token, 0);
            }
        });
    }

    private boolean script(String script, String token, long millis) {
        try {
            Response r = redis.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg(key).arg(token).arg(millis))
                    .await().atMost(CALL_TIMEOUT);
            return r != null && r.toLong() == 1;
        } catch (RuntimeException e) {
            LOG.warnf("The re-index lease %s: Redis failed: %s", key, e.toString());
            return false;
        }
    }
}
