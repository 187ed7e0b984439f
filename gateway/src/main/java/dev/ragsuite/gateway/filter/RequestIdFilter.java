package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.logging.RequestLog;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is a sane token, a new UUID
 * otherwise. The id goes upstream with the proxied request and back on every response, and into
 * the log context (MDC {@code requestId}) of the gateway's own log lines for the request. Every
 * request under {@code /api/} — proxied or rejected at the edge — gets its {@link RequestLog} line
 * once the response headers are out (probes under {@code /q/} do not).
 */
public class RequestIdFilter {

    public static final String HEADER = RequestLog.HEADER;

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            HttpServerRequest request = ctx.request();
            String incoming = request.getHeader(HEADER);
            String id = RequestLog.acceptableId(incoming) ? incoming : UUID.randomUUID().toString();
            request.headers().set(HEADER, id);
            ctx.response().headers().set(HEADER, id);
            RequestLog.requestId(id);
            if (request.path() != null && (request.path().startsWith("/api/") || request.path().startsWith("/v1/"))) {
                long started = System.nanoTime();
                ctx.addHeadersEndHandler(v -> RequestLog.completed(request.method().name(), request.path(),
                        ctx.response().getStatusCode(), started));
            }
            ctx.next();
        }, 1000);
    }
}
