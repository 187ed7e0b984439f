package dev.ragsuite.gateway;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.edge.Caller;
import dev.ragsuite.gateway.filter.BodyLimitFilter;
import dev.ragsuite.gateway.filter.EdgeAuthFilter;
import dev.ragsuite.gateway.filter.QuotaFilter;
import dev.ragsuite.gateway.filter.RateLimitFilter;
import dev.ragsuite.gateway.filter.RouteResolver;
import dev.ragsuite.gateway.filter.ScopeFilter;
import dev.ragsuite.gateway.filter.UpstreamHeadersFilter;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.openapi.PublicApiDocument;
import dev.ragsuite.gateway.proxy.ServiceProxies;
import dev.ragsuite.gateway.revocation.LiveResponses;
import dev.ragsuite.gateway.webapp.WebAppFiles;
import dev.ragsuite.gateway.webapp.WebAppHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Wires the edge chain for everything under `/api` and `/v1` (the OpenAI-compatible API): resolve the route → check the body size →
 * check the credential (token or API key) → check its scope → rate limit → daily quota → set the
 * forwarding headers → proxy to the owning service. Every other path is the web app
 * ({@link WebAppHandler}). Request ids, security headers, the host allow-list, HTTPS enforcement
 * and CORS apply to every response through filters registered elsewhere. An authenticated response
 * stays tracked ({@link LiveResponses}) while it is being written, so a revocation announced on {@code rag:auth:events} ends it, streams included (RevocationWatcher).
 *
 * <p>Tracing needs nothing here: Quarkus OpenTelemetry traces the Vert.x HTTP server (one SERVER span
 * per request) and the Vert.x HTTP clients the proxies use (a CLIENT span per upstream call, whose
 * {@code traceparent} the upstream service continues).
 */
@ApplicationScoped
public class GatewayRouter {

    private final GatewayConfig config;
    private final Vertx vertx;
    private final Rejections rejections;
    private final EdgeAuthFilter auth;
    private final ScopeFilter scopes;
    private final RateLimitFilter rateLimit;
    private final QuotaFilter quota;
    private final UpstreamHeadersFilter upstreamHeaders;
    private final LiveResponses live;
    private ServiceProxies proxies;
    private PublicApiDocument apiDocument;

    public GatewayRouter(GatewayConfig config, Vertx vertx, Rejections rejections, EdgeAuthFilter auth, ScopeFilter scopes,
            RateLimitFilter rateLimit, QuotaFilter quota, UpstreamHeadersFilter upstreamHeaders, LiveResponses live) {
        this.config = config;
        this.vertx = vertx;
        this.rejections = rejections;
        this.auth = auth;
        this.scopes = scopes;
        this.rateLimit = rateLimit;
        this.quota = quota;
        this.upstreamHeaders = upstreamHeaders;
        this.live = live;
    }

    void install(@Observes Router router) {
        RouteTable table = new RouteTable(config);
        proxies = new ServiceProxies(vertx, config, table.routes(), rejections);
        apiDocument = new PublicApiDocument(vertx, config, table,
                ConfigProvider.getConfig().getOptionalValue("quarkus.smallrye-openapi.info-version", String.class).orElse("0"));
        // public, before the /api chain (no route, credential or scope applies to the document itself)
        router.get(PublicApiDocument.PATH).handler(apiDocument);
        // the public API, and the OpenAI-compatible API for existing clients (its errors in OpenAI's shape: Problems)
        RouteResolver resolver = new RouteResolver(table, rejections);
        BodyLimitFilter bodyLimit = new BodyLimitFilter(rejections);
        for (String prefix : List.of("/api/*", "/v1/*")) {
            router.route(prefix)
                    .handler(resolver)
                    .handler(bodyLimit)
                    .handler(auth)
                    .handler(scopes)
                    .handler(rateLimit)
                    .handler(quota)
                    .handler(upstreamHeaders)
                    .handler(this::forward);
        }
        // the web app: every other path (its files, and index.html for its client-side routes)
        if (config.webapp().enabled()) {
            WebAppFiles files = config.webapp().dir().map(WebAppFiles::fromFolder)
                    .orElseGet(() -> WebAppFiles.fromClasspath(Thread.currentThread().getContextClassLoader()));
            router.route("/*").handler(new WebAppHandler(files, config.webapp()));
        }
    }

    private void forward(RoutingContext ctx) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        if (caller != null) {
            live.track(ctx, caller); // cut off when its session or user is revoked (RevocationWatcher)
        }
        proxies.forRoute(route.route()).handle(ctx.request());
    }

    void stop(@Observes ShutdownEvent event) {
        if (proxies != null) {
            proxies.close();
        }
        if (apiDocument != null) {
            apiDocument.close();
        }
    }
}
