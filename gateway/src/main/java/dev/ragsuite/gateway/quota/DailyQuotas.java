package dev.ragsuite.gateway.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.config.GatewayConfig.QuotaKind;
import dev.ragsuite.gateway.ratelimit.LimiterMode;
import dev.ragsuite.gateway.ratelimit.LuaScript;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-user daily quotas (questions asked, bytes uploaded), counted in Redis under a key that names
 * the UTC day, so they start afresh at midnight UTC on every replica at once. While Redis is
 * unreachable, counted per instance (see {@link LimiterMode}).
 */
@Singleton
public class DailyQuotas {

    private static final LuaScript SCRIPT = LuaScript.classpath("redis/daily-quota.lua");

    private final ReactiveRedisDataSource redis;
    private final LimiterMode mode;
    private final QuotaClock clock;
    private final GatewayConfig.Quotas config;
    private final Cache<String, AtomicLong> local = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofHours(25)).build();

    public DailyQuotas(@RedisClientName("ratelimit") ReactiveRedisDataSource redis, LimiterMode mode, QuotaClock clock,
            GatewayConfig config) {
        this.redis = redis;
        this.mode = mode;
        this.clock = clock;
        this.config = config.quotas();
    }

    /** Caches the script in Redis before the first upload or question (failures surface on use). */
    void warmUp(@Observes StartupEvent event) {
        SCRIPT.load(redis).ifNoItem().after(Duration.ofSeconds(5)).fail()
                .subscribe().with(ok -> { }, error -> { }); // RateLimiter's warm-up logs an unreachable Redis once
    }

    /** Units per day for this kind; 0 means the quota is off. */
    public long limit(QuotaKind kind) {
        return switch (kind) {
            case CHAT_QUESTIONS -> config.chatQuestions();
            case UPLOAD_BYTES -> config.uploadBytes();
        };
    }

    /** Charges {@code cost} units to the user's quota for today, unless that would pass the limit. */
    public Uni<QuotaDecision> charge(QuotaKind kind, String userId, long cost) {
        return run(kind, userId, cost, limit(kind));
    }

    /**
     * Adds what a request turned out to cost after it was admitted (a chunked upload's bytes),
     * whatever is left: the next request then finds the quota used up.
     */
    public Uni<QuotaDecision> settle(QuotaKind kind, String userId, long cost) {
        return run(kind, userId, cost, Long.MAX_VALUE);
    }

    /** Today's use of this quota, charging nothing (what the usage endpoint reports). */
    public Uni<QuotaDecision> peek(QuotaKind kind, String userId) {
        return run(kind, userId, 0, Long.MAX_VALUE);
    }

    private Uni<QuotaDecision> run(QuotaKind kind, String userId, long cost, long ceiling) {
        long limit = limit(kind);
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long untilMidnight = Math.max(1, Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds());
        String key = config.keyPrefix() + kind.wire() + ":" + today + ":" + userId;
        return mode.decide(
                () -> SCRIPT.run(redis, List.of(key), List.of(Long.toString(cost), Long.toString(ceiling),
                        Long.toString(untilMidnight + 3600)))
                        .map(r -> new QuotaDecision(r.get(0).toLong() == 1, r.get(1).toLong(), limit, untilMidnight)),
                () -> perInstance(key, cost, ceiling, limit, untilMidnight));
    }

    private QuotaDecision perInstance(String key, long cost, long ceiling, long limit, long untilMidnight) {
        AtomicLong used = local.get(key, k -> new AtomicLong());
        synchronized (used) {
            if (used.get() + cost > ceiling) {
                return new QuotaDecision(false, used.get(), limit, untilMidnight);
            }
            return new QuotaDecision(true, used.addAndGet(cost), limit, untilMidnight);
        }
    }
}
