package dev.ragsuite.gateway.filter;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is a sane token, a new UUID
 * otherwise. The id goes upstream with the proxied request and back on every response.
 */
public class RequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            HttpServerRequest request = ctx.request();
            String incoming = request.getHeader(HEADER);
            String id = incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
            request.headers().set(HEADER, id);
            ctx.response().headers().set(HEADER, id);
            ctx.next();
        }, 1000);
    }
}
