package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;

/**
 * Answers only for the host names it is configured to serve (port ignored), so a forged Host
 * cannot steer redirects, cache keys or links; anything else is a 400 problem. Applies to `/api`
 * and the UI; `/q/*` (health probes that address pods by IP, metrics) is exempt.
 */
@Singleton
public class HostAllowListFilter {

    private final List<String> exact;
    private final List<String> suffixes;
    private final Rejections rejections;

    public HostAllowListFilter(GatewayConfig config, Rejections rejections) {
        List<String> hosts = config.allowedHosts().stream().map(HostAllowListFilter::normalise).filter(h -> !h.isEmpty()).toList();
        this.exact = hosts.stream().filter(h -> !h.startsWith("*.")).toList();
        this.suffixes = hosts.stream().filter(h -> h.startsWith("*.")).map(h -> h.substring(1)).toList();
        this.rejections = rejections;
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, 800);
    }

    void apply(RoutingContext ctx) {
        if (ctx.request().path() != null && ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        HostAndPort authority = ctx.request().authority();
        String host = authority == null ? "" : normalise(authority.host());
        if (allowed(host)) {
            ctx.next();
        } else {
            rejections.send(ctx, Reason.BAD_HOST, 400, "Bad Request", "This server does not serve the requested host.");
        }
    }

    boolean allowed(String host) {
        if (host.isEmpty()) {
            return false;
        }
        return exact.contains(host) || suffixes.stream().anyMatch(host::endsWith);
    }

    static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }
}
