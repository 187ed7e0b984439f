package dev.ragsuite.gateway.proxy;

import dev.ragsuite.common.problem.Problem;
import dev.ragsuite.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One Vert.x reverse proxy per upstream service (vertx-http-proxy: streaming bodies both ways,
 * hop-by-hop headers handled). Adds the forwarding headers and turns an unreachable upstream into
 * a 503 problem instead of an empty 502.
 */
public class ServiceProxies {

    private static final Logger LOG = Logger.getLogger(ServiceProxies.class);

    private final Map<GatewayConfig.Route, HttpProxy> proxies = new IdentityHashMap<>();
    private final List<HttpClient> clients;

    public ServiceProxies(Vertx vertx, GatewayConfig config, List<GatewayConfig.Route> routes) {
        this.clients = routes.stream().map(route -> {
            URI target = route.target();
            boolean tls = "https".equalsIgnoreCase(target.getScheme());
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setSsl(tls)
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setIdleTimeout((int) config.idleTimeout().toSeconds())
                    .setKeepAlive(true)
                    .setMaxPoolSize(64));
            int port = target.getPort() > 0 ? target.getPort() : (tls ? 443 : 80);
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port, target.getHost());
            proxy.addInterceptor(new ForwardingHeaders(target));
            proxies.put(route, proxy);
            return client;
        }).toList();
    }

    public HttpProxy forRoute(GatewayConfig.Route route) {
        return proxies.get(route);
    }

    public void close() {
        clients.forEach(HttpClient::close);
    }

    /** X-Forwarded-* for the upstream, and a problem+json answer when the upstream cannot be reached. */
    private static final class ForwardingHeaders implements ProxyInterceptor {

        private final URI target;

        ForwardingHeaders(URI target) {
            this.target = target;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest incoming = context.request().proxiedRequest();
            String client = incoming.remoteAddress() == null ? "unknown" : incoming.remoteAddress().hostAddress();
            context.request().headers()
                    .set("X-Forwarded-For", client)
                    .set("X-Forwarded-Proto", incoming.isSSL() ? "https" : "http")
                    .set("X-Forwarded-Host", incoming.authority() == null ? "" : incoming.authority().toString());
            return context.sendRequest().recover(error -> {
                LOG.warnf("Upstream %s unreachable for %s %s: %s", target, incoming.method(), incoming.path(), error.getMessage());
                Problem problem = new Problem("about:blank", "Service Unavailable", 503,
                        "The service behind this endpoint is not reachable right now; try again shortly.", incoming.path(), null);
                ProxyResponse response = context.request().response()
                        .setStatusCode(503)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .setBody(Body.body(Buffer.buffer(Json.encode(problem))));
                return Future.succeededFuture(response);
            });
        }
    }
}
