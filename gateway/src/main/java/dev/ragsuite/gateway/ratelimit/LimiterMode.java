package dev.ragsuite.gateway.ratelimit;

import dev.ragsuite.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Decides whether a limit is checked in Redis (shared by every replica) or, while Redis is
 * unreachable or slower than {@code rag.gateway.rate-limit.redis-timeout}, by this instance
 * alone. Never fails open and never turns a Redis outage into a 500: the per-instance answer is
 * used, a WARN is logged at most every 30 s, and the mode is visible in metrics
 * ({@code rag_gateway_ratelimit_local_mode} 0/1, {@code rag_gateway_ratelimit_local_decisions_total}).
 * After a failure Redis is left alone for {@code redis-retry-interval}, so an outage costs one
 * timeout per interval rather than one per request.
 */
@Singleton
public class LimiterMode {

    private static final Logger LOG = Logger.getLogger(LimiterMode.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final Duration timeout;
    private final long retryNanos;
    private final AtomicLong localUntil = new AtomicLong(System.nanoTime());
    private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE);
    private final Counter localDecisions;
    private final Counter redisFailures;
    private volatile boolean local;

    public LimiterMode(GatewayConfig config, MeterRegistry registry) {
        this.timeout = config.rateLimit().redisTimeout();
        this.retryNanos = config.rateLimit().redisRetryInterval().toNanos();
        this.localDecisions = Counter.builder("rag.gateway.ratelimit.local.decisions")
                .description("Rate-limit and quota checks answered per instance because Redis was unreachable")
                .register(registry);
        this.redisFailures = Counter.builder("rag.gateway.ratelimit.redis.failures")
                .description("Rate-limit Redis calls that failed or timed out")
                .register(registry);
        Gauge.builder("rag.gateway.ratelimit.local.mode", this, m -> m.local ? 1 : 0)
                .description("1 while rate limits and quotas are enforced per instance (Redis unreachable), 0 when shared through Redis")
                .register(registry);
    }

    /** Runs the Redis check, or the local one when Redis is (recently) unavailable. */
    public <T> Uni<T> decide(Supplier<Uni<T>> shared, Supplier<T> perInstance) {
        long now = System.nanoTime();
        if (now - localUntil.get() < 0) {
            localDecisions.increment();
            return Uni.createFrom().item(perInstance);
        }
        return Uni.createFrom().<T>deferred(() -> shared.get())
                .ifNoItem().after(timeout).fail()
                .map(result -> {
                    if (local) {
                        local = false;
                        LOG.info("Redis is reachable again: rate limits and quotas are shared by every gateway replica again.");
                    }
                    return result;
                })
                .onFailure().recoverWithItem(error -> {
                    redisFailures.increment();
                    markLocal(error);
                    localDecisions.increment();
                    return perInstance.get();
                });
    }

    public boolean isLocal() {
        return local;
    }

    private void markLocal(Throwable error) {
        long now = System.nanoTime();
        localUntil.set(now + retryNanos);
        local = true;
        long last = lastWarn.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY_NANOS) && lastWarn.compareAndSet(last, now)) {
            LOG.warnf("Redis unreachable for rate limits (%s): limiting per gateway instance, so each replica allows the full "
                    + "budget, until Redis answers again.", error.toString());
        }
    }
}
