package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.RouteTable;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the route that owns a request's path, or answers 404. Paths that normalise to something
 * else (`..`, `//`, encoded dots) are refused, so what the edge checks is what the service sees.
 */
public class RouteResolver implements Handler<RoutingContext> {

    public static final String CONTEXT_KEY = "rag.route";

    private final RouteTable routes;

    public RouteResolver(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // Nothing may be read from the body until we decide where it goes.
        ctx.request().pause();
        String raw = ctx.request().path();
        String path = ctx.normalizedPath();
        if (raw == null || !raw.equals(path) || raw.contains("%2e") || raw.contains("%2E")) {
            Problems.send(ctx, 400, "Bad Request", "The request path is not in canonical form.");
            return;
        }
        routes.match(path).ifPresentOrElse(route -> {
            ctx.put(CONTEXT_KEY, route);
            ctx.next();
        }, () -> Problems.send(ctx, 404, "Not Found", "No such resource."));
    }
}
