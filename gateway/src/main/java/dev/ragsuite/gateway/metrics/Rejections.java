package dev.ragsuite.gateway.metrics;

import dev.ragsuite.gateway.filter.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every request the gateway itself turns away goes through here, so each refusal is both a
 * problem+json answer and a count in {@code rag_gateway_rejected_total{reason=…}}.
 */
@ApplicationScoped
public class Rejections {

    /** Why a request was refused; the metric's {@code reason} tag. */
    public enum Reason {
        UNAUTHORIZED, AUTH_FAILURES, FORBIDDEN, RATE_LIMITED, QUOTA, BODY_TOO_LARGE, BAD_PATH, BAD_REQUEST, NOT_FOUND,
        METHOD_NOT_ALLOWED, BAD_HOST, INSECURE_TRANSPORT, UPSTREAM_UNAVAILABLE, AUTH_UNAVAILABLE, LIMITER_UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Reason, Counter> counters = new ConcurrentHashMap<>();

    private final Counter clientClosed;

    public Rejections(MeterRegistry registry) {
        this.registry = registry;
        this.clientClosed = Counter.builder("rag.gateway.client.closed")
                .description("Requests whose client closed the connection before the upstream answered")
                .register(registry);
    }

    public void count(Reason reason) {
        counters.computeIfAbsent(reason, r -> Counter.builder("rag.gateway.rejected")
                .description("Requests the gateway refused, by reason")
                .tag("reason", r.tag())
                .register(registry)).increment();
    }

    public void send(RoutingContext ctx, Reason reason, int status, String title, String detail) {
        send(ctx, reason, "about:blank", status, title, detail);
    }

    /**
     * A request whose client went away before its upstream answered (a closed tab, a cancelled stream): not a
     * refusal and not an unreachable upstream, so counted apart, in {@code rag_gateway_client_closed_total}.
     */
    public void clientClosed() {
        clientClosed.increment();
    }

    public void send(RoutingContext ctx, Reason reason, String type, int status, String title, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        count(reason);
        Problems.send(ctx, type, status, title, detail);
    }
}
