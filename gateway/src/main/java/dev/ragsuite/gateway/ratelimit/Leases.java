package dev.ragsuite.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ragsuite.gateway.config.GatewayConfig;

/**
 * Requests of large budgets that this replica has already drawn from the shared budget in Redis and
 * spends itself ({@link GatewayConfig.Lease}): one script call per block instead of one per request.
 * Nothing is allowed here that was not drawn in Redis first, so the shared budget holds across
 * replicas; what a replica holds and does not spend within {@code ttl} of its last draw is dropped.
 */
final class Leases {

    private final double share;
    private final int maxBlock;
    private final long ttlNanos;
    private final Cache<String, Lease> held;

    Leases(GatewayConfig.Lease config) {
        this.share = config.share();
        this.maxBlock = config.maxBlock();
        this.ttlNanos = config.ttl().toNanos();
        this.held = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.ttl()).build();
    }

    /** How many requests to draw at once from a budget: 1 (no lease) unless its share of the burst is 2 or more. */
    int block(Gcra.Rate rate) {
        return (int) Math.max(1, Math.min(maxBlock, Math.floor(rate.burst() * share)));
    }

    /** One request from this replica's lease of {@code key}, or null when it holds none (then ask Redis). */
    Decision take(String key, long nowNanos) {
        Lease lease = held.getIfPresent(key);
        return lease == null ? null : lease.take(nowNanos);
    }

    /**
     * Keeps what a draw from Redis brought beyond the request that made it.
     *
     * @param decision Redis' answer for the request, {@code drawn} requests drawn in all
     * @return the decision for that request, its remaining count including what this replica now holds
     */
    Decision keep(String key, Decision decision, int drawn, long nowNanos) {
        if (!decision.allowed() || drawn <= 1) {
            return decision;
        }
        int[] heldNow = new int[1];
        held.asMap().compute(key, (k, lease) -> {
            Lease kept = lease == null ? new Lease() : lease;
            heldNow[0] = kept.add(drawn - 1, decision, nowNanos, nowNanos + ttlNanos);
            return kept;
        });
        return new Decision(true, decision.limit(), decision.remaining() + heldNow[0], decision.resetSeconds(), 0, false);
    }

    /** The requests one replica holds of one caller's budget. */
    private static final class Lease {
        private int requests;
        private int limit;
        private int sharedRemaining;
        private long resetAtNanos;
        private long expiresAtNanos;

        synchronized int add(int more, Decision decision, long nowNanos, long expiresAt) {
            requests = expired(nowNanos) ? more : requests + more;
            limit = decision.limit();
            sharedRemaining = decision.remaining();
            resetAtNanos = nowNanos + decision.resetSeconds() * 1_000_000_000L;
            expiresAtNanos = expiresAt;
            return requests;
        }

        synchronized Decision take(long nowNanos) {
            if (requests <= 0 || expired(nowNanos)) {
                return null;
            }
            requests--;
            long reset = Math.max(0, (resetAtNanos - nowNanos + 999_999_999L) / 1_000_000_000L);
            return new Decision(true, limit, sharedRemaining + requests, reset, 0, false);
        }

        private boolean expired(long nowNanos) {
            return nowNanos - expiresAtNanos >= 0;
        }
    }
}
