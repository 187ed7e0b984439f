package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses every request whose path normalises to something else (`..`, `.`, `//`, encoded dots) with
 * a 400 problem, before any route is chosen: what the edge checks is what is served, and no path
 * can climb out of {@code /api} into another route (the fuzzer reached {@code /q/metrics} through
 * {@code /api/../q/metrics} while this check sat inside the {@code /api} chain only).
 */
@Singleton
public class CanonicalPathFilter {

    private final Rejections rejections;

    public CanonicalPathFilter(Rejections rejections) {
        this.rejections = rejections;
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, 850);
    }

    void apply(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw == null || !raw.equals(ctx.normalizedPath()) || raw.contains("%2e") || raw.contains("%2E") || raw.contains("\\")) {
            rejections.send(ctx, Reason.BAD_PATH, 400, "Bad Request", "The request path is not in canonical form.");
            return;
        }
        ctx.next();
    }
}
