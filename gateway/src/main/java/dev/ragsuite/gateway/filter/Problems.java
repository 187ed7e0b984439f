package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.problem.OpenAiError;
import dev.ragsuite.common.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes RFC 9457 problem+json answers from the gateway's own filters — or, on the OpenAI-compatible
 * paths ({@code /v1/*}), the same answer in OpenAI's error shape ({@link OpenAiError}), which is what
 * the clients calling those paths parse.
 */
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
                .putHeader("Content-Type", contentType(ctx.normalizedPath()))
                .end(encode(ctx.normalizedPath(), problem));
    }

    /** The body of a problem answer on this path: problem+json, or OpenAI's error shape on {@code /v1/*}. */
    public static String encode(String path, Problem problem) {
        return OpenAiError.appliesTo(path) ? Json.encode(OpenAiError.of(problem)) : Json.encode(problem);
    }

    public static String contentType(String path) {
        return OpenAiError.appliesTo(path) ? OpenAiError.MEDIA_TYPE : Problem.MEDIA_TYPE;
    }
}
