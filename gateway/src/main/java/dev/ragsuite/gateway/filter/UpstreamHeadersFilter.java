package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.edge.ClientAddress;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * What the services learn about the client: the real client IP (auth-service throttles logins
 * and records sessions by it), scheme and host, as single X-Forwarded-* values the gateway vouches
 * for. Whatever the client sent in these headers, or in {@code Forwarded}, is replaced.
 * <p>The client's W3C trace headers are dropped too: the gateway's SERVER span has already continued
 * them, and the proxy's HTTP client adds the headers of its own CLIENT span (a copied
 * {@code traceparent} would come first and make the upstream skip the gateway's spans).
 */
@Singleton
public class UpstreamHeadersFilter implements Handler<RoutingContext> {

    private final ClientAddress clientAddress;

    public UpstreamHeadersFilter(ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        MultiMap headers = request.headers();
        String clientIp = clientAddress.clientIp(request);
        boolean https = clientAddress.isHttps(request);
        headers.remove("Forwarded");
        headers.remove("traceparent");
        headers.remove("tracestate");
        headers.remove("baggage");
        headers.set("X-Forwarded-For", clientIp);
        headers.set("X-Forwarded-Proto", https ? "https" : "http");
        headers.set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
        ctx.next();
    }
}
