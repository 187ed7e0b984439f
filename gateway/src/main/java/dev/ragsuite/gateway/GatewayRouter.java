package dev.ragsuite.gateway;

import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.filter.BodyLimitFilter;
import dev.ragsuite.gateway.filter.EdgeAuthFilter;
import dev.ragsuite.gateway.filter.RouteResolver;
import dev.ragsuite.gateway.proxy.ServiceProxies;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Wires the edge chain for everything under `/api`: resolve the route → check the body size →
 * check the token → proxy to the owning service. Request ids, security headers and CORS are
 * applied to every response by filters registered elsewhere.
 */
@ApplicationScoped
public class GatewayRouter {

    private final GatewayConfig config;
    private final JWTParser jwtParser;
    private final RevokedSessions revokedSessions;
    private final Vertx vertx;
    private ServiceProxies proxies;

    public GatewayRouter(GatewayConfig config, JWTParser jwtParser, RevokedSessions revokedSessions, Vertx vertx) {
        this.config = config;
        this.jwtParser = jwtParser;
        this.revokedSessions = revokedSessions;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        RouteTable table = new RouteTable(config);
        proxies = new ServiceProxies(vertx, config, table.routes());
        router.route("/api/*")
                .handler(new RouteResolver(table))
                .handler(new BodyLimitFilter())
                .handler(new EdgeAuthFilter(jwtParser, revokedSessions))
                .handler(this::forward);
    }

    private void forward(RoutingContext ctx) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        proxies.forRoute(route.route()).handle(ctx.request());
    }

    void stop(@Observes ShutdownEvent event) {
        if (proxies != null) {
            proxies.close();
        }
    }
}
