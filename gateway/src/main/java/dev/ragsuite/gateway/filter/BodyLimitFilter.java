package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses request bodies that declare a length larger than the route allows, before a byte is
 * forwarded. Chunked bodies of undeclared length are counted as they stream upstream instead
 * (see {@code LimitedBodyStream}).
 */
public class BodyLimitFilter implements Handler<RoutingContext> {

    private final Rejections rejections;

    public BodyLimitFilter(Rejections rejections) {
        this.rejections = rejections;
    }

    @Override
    public void handle(RoutingContext ctx) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            ctx.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared < 0) {
            rejections.send(ctx, Reason.BAD_REQUEST, 400, "Bad Request", "The Content-Length header is not a number.");
            return;
        }
        if (declared > route.maxBodyBytes()) {
            rejections.send(ctx, Reason.BODY_TOO_LARGE, 413, "Content Too Large",
                    "The request body is larger than this endpoint accepts (" + route.maxBodyBytes() + " bytes).");
            return;
        }
        ctx.next();
    }
}
