package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.usage.QuotaUse;
import dev.ragsuite.gateway.config.GatewayConfig.QuotaKind;
import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.edge.Caller;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import dev.ragsuite.gateway.quota.DailyQuotas;
import dev.ragsuite.gateway.quota.QuotaDecision;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Charges a POST on a route with a daily quota to the caller's allowance for the UTC day: one per
 * question, or the declared Content-Length of an upload. A chunked upload (no length declared) is
 * admitted while any byte of the quota is left and charged with the bytes actually read when the
 * exchange ends, so it can overshoot by at most one upload (itself capped by the route's body
 * limit). Over quota is a 429 with its own problem type and Retry-After until midnight UTC.
 */
@Singleton
public class QuotaFilter implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(QuotaFilter.class);

    private final DailyQuotas quotas;
    private final Rejections rejections;

    public QuotaFilter(DailyQuotas quotas, Rejections rejections) {
        this.quotas = quotas;
        this.rejections = rejections;
    }

    @Override
    public void handle(RoutingContext ctx) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        if (route.route().reportQuotas() && caller != null) {
            report(ctx, caller.userId());
            return;
        }
        if (route.quota().isEmpty() || caller == null || ctx.request().method() != HttpMethod.POST) {
            ctx.next();
            return;
        }
        QuotaKind kind = route.quota().get();
        if (quotas.limit(kind) <= 0) {
            ctx.next();
            return;
        }
        long cost = 1;
        if (kind == QuotaKind.UPLOAD_BYTES) {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                cost = Long.parseLong(length.trim()); // BodyLimitFilter has vetted it
            } else {
                settleWhenDone(ctx, kind, caller.userId());
            }
        }
        Future.fromCompletionStage(quotas.charge(kind, caller.userId(), cost).subscribeAsCompletionStage(),
                ctx.vertx().getOrCreateContext())
                .onSuccess(decision -> apply(ctx, kind, decision))
                .onFailure(error -> {
                    LOG.errorf(error, "Quota check failed for %s", ctx.normalizedPath());
                    rejections.send(ctx, Reason.LIMITER_UNAVAILABLE, 503, "Service Unavailable",
                            "Quotas cannot be checked right now; try again shortly.");
                });
    }

    /**
     * Hands today's use of every quota to the service ({@link UpstreamHeadersFilter} sets {@link QuotaUse#HEADER}
     * from it). Informational: when it cannot be read the request goes on without it.
     */
    private void report(RoutingContext ctx, String userId) {
        // both quotas read at once (two Redis calls in flight, not one after the other), kept in QuotaKind's order
        Uni<Map<String, QuotaUse>> uses = Uni.join().all(java.util.Arrays.stream(QuotaKind.values())
                        .map(kind -> quotas.peek(kind, userId)
                                .map(d -> Map.entry(kind.wire(), new QuotaUse(d.used(), d.limit(), d.secondsUntilReset()))))
                        .toList())
                .andFailFast()
                .map(entries -> {
                    Map<String, QuotaUse> inOrder = new LinkedHashMap<>();
                    entries.forEach(e -> inOrder.put(e.getKey(), e.getValue()));
                    return inOrder;
                });
        Future.fromCompletionStage(uses.subscribeAsCompletionStage(), ctx.vertx().getOrCreateContext())
                .onSuccess(use -> ctx.put(QuotaUse.HEADER, QuotaUse.format(use)))
                .onFailure(error -> LOG.warnf("Quota use could not be read for the usage figures: %s", error.getMessage()))
                .onComplete(done -> ctx.next());
    }

    /** The one byte charged up front is part of what the request read. */
    private void settleWhenDone(RoutingContext ctx, QuotaKind kind, String userId) {
        ctx.addEndHandler(done -> {
            long read = ctx.request().bytesRead();
            if (read > 1) {
                quotas.settle(kind, userId, read - 1).subscribe().with(
                        decision -> LOG.debugf("Chunked upload of %d bytes charged to %s", read, userId),
                        error -> LOG.warnf("Could not charge a chunked upload of %d bytes to the daily quota: %s", read, error));
            }
        });
    }

    private void apply(RoutingContext ctx, QuotaKind kind, QuotaDecision decision) {
        if (decision.allowed()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Retry-After", Long.toString(decision.secondsUntilReset()));
        String what = kind == QuotaKind.CHAT_QUESTIONS
                ? "questions (" + decision.used() + " of " + decision.limit() + " asked)"
                : "upload bytes (" + decision.used() + " of " + decision.limit() + " used; this upload is larger than what is left)";
        rejections.send(ctx, Reason.QUOTA, Problems.QUOTA_EXCEEDED, 429, "Daily Quota Exceeded",
                "Today's quota of " + what + " is used up; it resets at midnight UTC.");
    }
}
