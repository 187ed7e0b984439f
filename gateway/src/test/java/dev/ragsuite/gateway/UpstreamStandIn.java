package dev.ragsuite.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A plain Vert.x HTTP server standing in for the upstream services: it echoes what it received
 * (method, path, headers, body size) so the tests can see exactly what the gateway forwarded.
 * The documents route points at a closed port to exercise the unreachable-upstream path.
 */
public class UpstreamStandIn implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (req.path().equals("/q/health/live")) {
                req.response().end("{\"status\":\"UP\"}");
                return;
            }
            JsonObject echo = new JsonObject()
                    .put("method", req.method().name())
                    .put("path", req.path())
                    .put("query", req.query())
                    .put("authorization", req.getHeader("Authorization"))
                    .put("requestId", req.getHeader("X-Request-Id"))
                    .put("forwardedFor", req.getHeader("X-Forwarded-For"))
                    .put("bodyBytes", body.length());
            req.response().putHeader("Content-Type", "application/json").end(echo.encode());
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stand-in upstream did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "rag.gateway.routes.auth.target", url,
                "rag.gateway.routes.chat.target", url,
                "rag.gateway.routes.documents.target", "http://127.0.0.1:1",
                "rag.gateway.routes.documents.max-body-bytes", "2048");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
