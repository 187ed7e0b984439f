package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.edge.Caller;
import dev.ragsuite.gateway.edge.ClientAddress;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import dev.ragsuite.gateway.ratelimit.Decision;
import dev.ragsuite.gateway.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Draws one request from the route's budget class, keyed by the verified user id, or by the
 * client IP for anonymous requests. Every answer carries RateLimit-Limit/Remaining/Reset; over
 * budget is a 429 problem with Retry-After.
 */
@Singleton
public class RateLimitFilter implements Handler<RoutingContext> {

    /**
     * The route's decision for a verified caller, already drawn by {@link EdgeAuthFilter} in the same
     * Redis script as its failure-budget check; this filter then only applies it.
     */
    static final String DECIDED = "rag.ratelimit.decided";

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);

    private final RateLimiter limiter;
    private final ClientAddress clientAddress;
    private final Rejections rejections;
    private final boolean enabled;

    public RateLimitFilter(RateLimiter limiter, ClientAddress clientAddress, Rejections rejections, GatewayConfig config) {
        this.limiter = limiter;
        this.clientAddress = clientAddress;
        this.rejections = rejections;
        this.enabled = config.rateLimit().enabled();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!enabled) {
            ctx.next();
            return;
        }
        Decision decided = ctx.get(DECIDED);
        if (decided != null) {
            apply(ctx, decided);
            return;
        }
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        String key = caller != null ? userKey(caller) : "ip:" + clientAddress.clientIp(ctx.request());
        Decision leased = limiter.leased(route.rateLimitClass(), key);
        if (leased != null) {
            apply(ctx, leased);
            return;
        }
        Future.fromCompletionStage(limiter.check(route.rateLimitClass(), key).subscribeAsCompletionStage(),
                ctx.vertx().getOrCreateContext())
                .onSuccess(decision -> apply(ctx, decision))
                .onFailure(error -> {
                    // LimiterMode answers locally whenever Redis fails; reaching here is a bug, not an outage.
                    LOG.errorf(error, "Rate limit check failed for %s", ctx.normalizedPath());
                    rejections.send(ctx, Reason.LIMITER_UNAVAILABLE, 503, "Service Unavailable",
                            "Rate limits cannot be checked right now; try again shortly.");
                });
    }

    /** The budget key of a verified caller. */
    static String userKey(Caller caller) {
        return "u:" + caller.userId();
    }

    private void apply(RoutingContext ctx, Decision decision) {
        MultiMap headers = ctx.response().headers();
        headers.set("RateLimit-Limit", Integer.toString(decision.limit()));
        headers.set("RateLimit-Remaining", Integer.toString(decision.remaining()));
        headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (decision.allowed()) {
            ctx.next();
            return;
        }
        headers.set("Retry-After", Long.toString(decision.retryAfterSeconds()));
        rejections.send(ctx, Reason.RATE_LIMITED, Problems.RATE_LIMITED, 429, "Too Many Requests",
                "Too many requests; try again in " + decision.retryAfterSeconds() + " s.");
    }
}
