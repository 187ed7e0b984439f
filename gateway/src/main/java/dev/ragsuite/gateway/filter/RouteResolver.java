package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the route that owns a request's path and method, or answers 404 (405 when the path is
 * routed only for other methods). Paths reach it in canonical form only ({@link CanonicalPathFilter}).
 */
public class RouteResolver implements Handler<RoutingContext> {

    public static final String CONTEXT_KEY = "rag.route";

    private final RouteTable routes;
    private final Rejections rejections;

    public RouteResolver(RouteTable routes, Rejections rejections) {
        this.routes = routes;
        this.rejections = rejections;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // Nothing may be read from the body until we decide where it goes.
        ctx.request().pause();
        String path = ctx.normalizedPath();
        routes.match(path, ctx.request().method().name()).ifPresentOrElse(route -> {
            ctx.put(CONTEXT_KEY, route);
            ctx.next();
        }, () -> {
            if (routes.ownsPath(path)) {
                rejections.send(ctx, Reason.METHOD_NOT_ALLOWED, 405, "Method Not Allowed", "This method is not allowed here.");
            } else {
                rejections.send(ctx, Reason.NOT_FOUND, 404, "Not Found", "No such resource.");
            }
        });
    }
}
