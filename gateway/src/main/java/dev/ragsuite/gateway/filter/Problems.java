package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes RFC 9457 problem+json answers from the gateway's own filters. */
public final class Problems {

    private Problems() {
    }

    public static void send(RoutingContext ctx, int status, String title, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        Problem problem = new Problem("about:blank", title, status, detail, ctx.normalizedPath(), null);
        response.setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
