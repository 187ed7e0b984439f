package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;

/**
 * The response headers the review of the old app asked for, on every response: nosniff, no
 * framing, a CSP, a referrer policy, and HSTS when the request came in over HTTPS.
 */
public class SecurityHeadersFilter {

    private final GatewayConfig.Headers config;

    public SecurityHeadersFilter(GatewayConfig config) {
        this.config = config.headers();
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, 900);
    }

    void apply(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", config.contentSecurityPolicy());
        headers.set("Referrer-Policy", config.referrerPolicy());
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        if (arrivedOverHttps(ctx)) {
            headers.set("Strict-Transport-Security", "max-age=" + config.hstsMaxAge().toSeconds() + "; includeSubDomains");
        }
        ctx.next();
    }

    static boolean arrivedOverHttps(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
}
