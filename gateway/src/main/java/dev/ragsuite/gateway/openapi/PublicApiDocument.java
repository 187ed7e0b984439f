package dev.ragsuite.gateway.openapi;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.filter.Problems;
import dev.ragsuite.gateway.openapi.OpenApiMerger.ServiceDocument;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/openapi.json}: the one OpenAPI document of the public API, merged from the
 * services' own ({@code /q/openapi}) by {@link OpenApiMerger}. Built on the first request and kept
 * for {@link #FRESH_FOR}; when a service cannot be reached the answer is a 503 problem naming it
 * (never a document with routes silently missing), and the last complete document is not reused.
 */
public class PublicApiDocument implements Handler<RoutingContext> {

    public static final String PATH = "/api/openapi.json";
    static final Duration FRESH_FOR = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(PublicApiDocument.class);

    private record Cached(String json, long builtAtNanos) {
    }

    private final HttpClient client;
    private final OpenApiMerger merger;
    private final Map<URI, String> services = new LinkedHashMap<>();
    private final String version;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    public PublicApiDocument(Vertx vertx, GatewayConfig config, RouteTable table, String version) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.idleTimeout().toSeconds()));
        this.merger = new OpenApiMerger(table);
        this.version = version;
        // one document per upstream service, named after the first of its routes (auth, chat, documents...)
        config.routes().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> services.putIfAbsent(e.getValue().target(), e.getKey()));
    }

    @Override
    public void handle(RoutingContext ctx) {
        Cached current = cached.get();
        if (current != null && System.nanoTime() - current.builtAtNanos() < FRESH_FOR.toNanos()) {
            send(ctx, current.json());
            return;
        }
        List<Future<ServiceDocument>> fetches = new ArrayList<>();
        services.forEach((target, name) -> fetches.add(fetch(name, target)));
        Future.join(fetches).onComplete(done -> {
            List<String> missing = new ArrayList<>();
            List<ServiceDocument> documents = new ArrayList<>();
            for (int i = 0; i < fetches.size(); i++) {
                Future<ServiceDocument> f = fetches.get(i);
                if (f.succeeded()) {
                    documents.add(f.result());
                } else {
                    String name = new ArrayList<>(services.values()).get(i);
                    missing.add(name);
                    LOG.warnf("OpenAPI document of %s: %s", name, f.cause().getMessage());
                }
            }
            if (!missing.isEmpty()) {
                Problems.send(ctx, 503, "Service Unavailable",
                        "The API document is merged from every service's own; these cannot be reached now: "
                                + String.join(", ", missing) + ".");
                return;
            }
            String json = merger.merge(documents, version).encodePrettily();
            cached.set(new Cached(json, System.nanoTime()));
            send(ctx, json);
        });
    }

    private Future<ServiceDocument> fetch(String name, URI target) {
        int port = target.getPort() > 0 ? target.getPort() : ("https".equalsIgnoreCase(target.getScheme()) ? 443 : 80);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.getHost())
                .setPort(port)
                .setSsl("https".equalsIgnoreCase(target.getScheme()))
                .setURI("/q/openapi?format=json")
                .putHeader("Accept", "application/json")
                .setTimeout(5_000);
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("answered " + response.statusCode()))
                .map(body -> new ServiceDocument(name, target, new JsonObject(body)));
    }

    private static void send(RoutingContext ctx, String json) {
        ctx.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "public, max-age=" + FRESH_FOR.toSeconds())
                .end(json);
    }

    public void close() {
        client.close();
    }
}
