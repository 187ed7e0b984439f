package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes RFC 9457 problem+json answers from the gateway's own filters. */
public final class Problems {

    /** Problem types the gateway's own answers use beyond {@code about:blank}. */
    public static final String RATE_LIMITED = "urn:rag-suite:problem:rate-limited";
    public static final String QUOTA_EXCEEDED = "urn:rag-suite:problem:daily-quota-exceeded";

    private Problems() {
    }

    public static void send(RoutingContext ctx, int status, String title, String detail) {
        send(ctx, "about:blank", status, title, detail);
    }

    public static void send(RoutingContext ctx, String type, int status, String title, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        Problem problem = new Problem(type, title, status, detail, ctx.normalizedPath(), null);
        response.setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
