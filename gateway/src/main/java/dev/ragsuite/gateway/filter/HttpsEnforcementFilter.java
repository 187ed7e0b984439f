package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.edge.ClientAddress;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * With {@code rag.gateway.https.enforce} on, a request a trusted TLS-terminating proxy marks as
 * plain HTTP (X-Forwarded-Proto / Forwarded proto) is sent to HTTPS: GET/HEAD by a 308 redirect to
 * the same (allow-listed) host and path; any other method is refused with a 403 problem rather
 * than redirected, since its body and credentials already crossed the network in clear and a
 * client silently replaying it would hide that. `/q/*` is exempt so probes keep working.
 * Runs after the host allow-list, so the redirect can never point at a host we do not serve.
 */
@Singleton
public class HttpsEnforcementFilter {

    private final GatewayConfig.Https config;
    private final ClientAddress clientAddress;
    private final Rejections rejections;

    public HttpsEnforcementFilter(GatewayConfig config, ClientAddress clientAddress, Rejections rejections) {
        this.config = config.https();
        this.clientAddress = clientAddress;
        this.rejections = rejections;
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, 790);
    }

    void apply(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!config.enforce() || request.isSSL() || (request.path() != null && request.path().startsWith("/q/"))
                || !"http".equals(clientAddress.forwardedProto(request))) {
            ctx.next();
            return;
        }
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            String host = request.authority() == null ? "localhost" : request.authority().host();
            String port = config.redirectPort().isPresent() && config.redirectPort().getAsInt() != 443
                    ? ":" + config.redirectPort().getAsInt() : "";
            String query = request.query() == null ? "" : "?" + request.query();
            rejections.count(Reason.INSECURE_TRANSPORT);
            ctx.response().setStatusCode(308).putHeader("Location", "https://" + host + port + request.path() + query).end();
            return;
        }
        rejections.send(ctx, Reason.INSECURE_TRANSPORT, 403, "Forbidden",
                "This endpoint is served over HTTPS only; repeat the request with https:// (and treat any credential sent here as exposed).");
    }
}
