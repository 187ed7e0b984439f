package dev.ragsuite.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ragsuite.gateway.config.GatewayConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Rate limits per budget class and caller, shared by every gateway replica: one atomic GCRA Lua
 * script per check on the rate-limit Redis client ({@code quarkus.redis.ratelimit.*}), the same
 * algorithm per instance while Redis is unreachable (see {@link LimiterMode}).
 */
@Singleton
public class RateLimiter {

    private static final LuaScript SCRIPT = LuaScript.classpath("redis/gcra.lua");
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final ReactiveRedisDataSource redis;
    private final LimiterMode mode;
    private final String keyPrefix;
    private final Map<String, Gcra.Rate> rates;
    /** Per-instance TATs for the fallback; bounded, and an evicted key only errs on the lenient side. */
    private final Cache<String, double[]> local = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    public RateLimiter(@RedisClientName("ratelimit") ReactiveRedisDataSource redis, LimiterMode mode, GatewayConfig config) {
        this.redis = redis;
        this.mode = mode;
        this.keyPrefix = config.rateLimit().keyPrefix();
        this.rates = config.rateLimit().classes().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Gcra.Rate.of(e.getValue())));
    }

    /**
     * Opens the limiter's Redis connection and caches the scripts before the first request, so a
     * fresh replica does not spend its first checks (and the Redis timeout) on connecting.
     */
    void warmUp(@Observes StartupEvent event) {
        SCRIPT.load(redis)
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .subscribe().with(ok -> LOG.debug("Rate-limit script loaded into Redis"),
                        error -> LOG.warnf("Redis for rate limits is not reachable at startup (%s); limits fall back to "
                                + "per instance until it is.", error.toString()));
    }

    /**
     * @param budgetClass a configured class (chat, login, uploads, default, …)
     * @param caller {@code u:<user id>} or {@code ip:<address>}
     */
    public Uni<Decision> check(String budgetClass, String caller) {
        return decide(budgetClass, caller, true);
    }

    /** Whether {@link #check} would allow one more request now, without drawing from the budget. */
    public Uni<Decision> peek(String budgetClass, String caller) {
        return decide(budgetClass, caller, false);
    }

    private Uni<Decision> decide(String budgetClass, String caller, boolean draw) {
        Gcra.Rate rate = rates.get(budgetClass);
        if (rate == null) {
            throw new IllegalArgumentException("unknown rate-limit class " + budgetClass);
        }
        String key = keyPrefix + budgetClass + ":" + caller;
        return mode.decide(() -> shared(key, rate, draw), () -> perInstance(key, rate, draw));
    }

    private Uni<Decision> shared(String key, Gcra.Rate rate, boolean draw) {
        return SCRIPT.run(redis, List.of(key), List.of(String.format(Locale.ROOT, "%.3f", rate.intervalMillis()),
                Integer.toString(rate.burst()), draw ? "0" : "1"))
                .map(r -> toDecision(r, rate));
    }

    private static Decision toDecision(Response r, Gcra.Rate rate) {
        boolean allowed = r.get(0).toLong() == 1;
        return new Decision(allowed, rate.burst(), r.get(1).toInteger(), seconds(r.get(2).toLong()),
                allowed ? 0 : Math.max(1, seconds(r.get(3).toLong())), false);
    }

    private Decision perInstance(String key, Gcra.Rate rate, boolean draw) {
        double[] tat = local.get(key, k -> new double[] {Double.NaN});
        synchronized (tat) {
            Gcra.Step step = Gcra.step(tat[0], System.currentTimeMillis(), rate, true);
            if (draw) {
                tat[0] = step.newTat();
            }
            return step.decision();
        }
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
