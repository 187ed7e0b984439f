package dev.ragsuite.gateway.proxy;

import dev.ragsuite.common.problem.Problem;
import dev.ragsuite.gateway.filter.Problems;
import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.metrics.Rejections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
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

    public ServiceProxies(Vertx vertx, GatewayConfig config, List<GatewayConfig.Route> routes, Rejections rejections) {
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
            proxy.addInterceptor(new UpstreamErrors(target, route.maxBodyBytes().orElse(config.maxBodyBytes()), rejections));
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

    /**
     * The body limit for bodies of undeclared length, and a problem+json answer when the upstream
     * cannot be reached (503) or the body was too large (413). (X-Forwarded-* are set before the
     * proxy by UpstreamHeadersFilter.)
     */
    private static final class UpstreamErrors implements ProxyInterceptor {

        private final URI target;
        private final long maxBodyBytes;
        private final Rejections rejections;

        UpstreamErrors(URI target, long maxBodyBytes, Rejections rejections) {
            this.target = target;
            this.maxBodyBytes = maxBodyBytes;
            this.rejections = rejections;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest incoming = context.request().proxiedRequest();
            Body body = context.request().getBody();
            LimitedBodyStream limited = body != null && body.length() < 0 ? new LimitedBodyStream(body.stream(), maxBodyBytes) : null;
            if (limited != null) {
                context.request().setBody(Body.body(limited, -1));
            }
            return context.sendRequest().recover(error -> {
                if (limited != null && limited.exceeded()) {
                    rejections.count(Rejections.Reason.BODY_TOO_LARGE);
                    return Future.succeededFuture(problem(context, 413, "Content Too Large",
                            "The request body is larger than this endpoint accepts (" + maxBodyBytes + " bytes)."));
                }
                if (incoming.response().closed()) {
                    // the client went away and the upstream request was reset with it: the upstream is fine (the
                    // answer below goes nowhere, as before)
                    rejections.clientClosed();
                    LOG.debugf("Client closed the connection during %s %s to %s: %s", incoming.method(), incoming.path(), target,
                            error.getMessage());
                } else {
                    rejections.count(Rejections.Reason.UPSTREAM_UNAVAILABLE);
                    LOG.warnf("Upstream %s unreachable for %s %s: %s", target, incoming.method(), incoming.path(), error.getMessage());
                }
                return Future.succeededFuture(problem(context, 503, "Service Unavailable",
                        "The service behind this endpoint is not reachable right now; try again shortly."));
            });
        }

        private static ProxyResponse problem(ProxyContext context, int status, String title, String detail) {
            String path = context.request().proxiedRequest().path();
            Problem problem = new Problem("about:blank", title, status, detail, path, null);
            return context.request().response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", Problems.contentType(path))
                    .setBody(Body.body(Buffer.buffer(Problems.encode(path, problem))));
        }
    }
}
