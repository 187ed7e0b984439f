package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.edge.ClientAddress;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The response headers the review of the old app asked for, on every response (success, error,
 * 404, 429, CORS preflight): nosniff, no framing, a CSP, a referrer policy, a permissions policy,
 * and HSTS when the request came in over HTTPS (directly, or per a trusted proxy). Set before any
 * other handler runs, so nothing later can answer without them.
 */
@Singleton
public class SecurityHeadersFilter {

    private final GatewayConfig.Headers config;
    private final ClientAddress clientAddress;

    public SecurityHeadersFilter(GatewayConfig config, ClientAddress clientAddress) {
        this.config = config.headers();
        this.clientAddress = clientAddress;
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
        headers.set("Permissions-Policy", config.permissionsPolicy());
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        if (clientAddress.isHttps(ctx.request())) {
            headers.set("Strict-Transport-Security", "max-age=" + config.hstsMaxAge().toSeconds() + "; includeSubDomains");
        }
        ctx.next();
    }
}
