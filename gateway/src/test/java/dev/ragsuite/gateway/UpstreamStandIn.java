package dev.ragsuite.gateway;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain Vert.x HTTP server standing in for the upstream services: it echoes what it received
 * (method, path, the headers it names and all of them under {@code headers}, body size) so the tests can
 * see exactly what the gateway forwarded.
 * It also stands in for auth-service's internal API-key exchange: {@code rk_chat_<sid>},
 * {@code rk_docsread_<sid>} and {@code rk_all_<sid>} are valid keys (scopes as named, session id
 * {@code <sid>}, user {@code key-user-<sid>}); anything else is refused with a 401 problem. How
 * often each key was exchanged is at {@code GET /stand-in/exchanges?key=…}.
 * {@code POST /api/chat/endless} streams server-sent events until the connection closes.
 * The documents route (all but uploads) points at a closed port to exercise the
 * unreachable-upstream path.
 */
public class UpstreamStandIn implements QuarkusTestResourceLifecycleManager {

    /** Makes every test run's Redis keys its own, so re-runs within a budget period start afresh. */
    public static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static final Map<String, List<String>> SCOPES = Map.of(
            "rk_chat_", List.of("chat"),
            "rk_docsread_", List.of("documents:read"),
            "rk_all_", List.of("chat", "documents:read", "documents:write"));

    private final Map<String, AtomicInteger> exchanges = new ConcurrentHashMap<>();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (req.path().equals("/api/chat/endless")) {
                endlessEvents(req);
            } else if (req.path().equals("/api/chat/slow")) { // an answer that takes 2 s
                vertx.setTimer(2000, id -> {
                    if (!req.response().closed()) {
                        req.response().putHeader("Content-Type", "application/json").end("{}");
                    }
                });
            } else if (req.path().equals("/q/health/live")) {
                req.response().end("{\"status\":\"UP\"}");
            } else if (req.path().equals("/internal/v1/api-keys/exchange")) {
                exchange(req, body.length() == 0 ? new JsonObject() : body.toJsonObject());
            } else if (req.path().equals("/stand-in/exchanges")) {
                AtomicInteger n = exchanges.get(req.getParam("key"));
                req.response().end(Integer.toString(n == null ? 0 : n.get()));
            } else {
                JsonObject echo = new JsonObject()
                        .put("method", req.method().name())
                        .put("path", req.path())
                        .put("query", req.query())
                        .put("authorization", req.getHeader("Authorization"))
                        .put("apiKey", req.getHeader("X-API-Key"))
                        .put("requestId", req.getHeader("X-Request-Id"))
                        .put("forwardedFor", req.getHeader("X-Forwarded-For"))
                        .put("forwardedProto", req.getHeader("X-Forwarded-Proto"))
                        .put("forwarded", req.getHeader("Forwarded"))
                        .put("bodyBytes", body.length())
                        .put("headers", headers(req));
                if (req.path().equals("/api/auth/refresh/cookie")) { // what auth-service answers a cookie refresh with
                    req.response().putHeader("Set-Cookie",
                            "rag_refresh=rotated; Max-Age=60; Path=/api/auth/refresh/cookie; Secure; HttpOnly; SameSite=Strict");
                }
                req.response().putHeader("Content-Type", "application/json").end(echo.encode());
            }
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stand-in upstream did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        Map<String, String> config = new HashMap<>();
        config.put("rag.gateway.routes.auth.target", url);
        config.put("rag.gateway.routes.chat.target", url);
        config.put("rag.gateway.routes.uploads.target", url);
        config.put("rag.gateway.routes.uploads.max-body-bytes", "4096");
        config.put("rag.gateway.routes.documents.target", "http://127.0.0.1:1");
        config.put("rag.gateway.routes.documents.max-body-bytes", "2048");
        config.put("rag.gateway.trusted-proxies", "127.0.0.1/32,::1/128");
        config.put("rag.gateway.rate-limit.key-prefix", "rag:gateway:rl:test-" + RUN + ":");
        config.put("rag.gateway.quotas.key-prefix", "rag:gateway:quota:test-" + RUN + ":");
        config.put("rag.gateway.rate-limit.classes.login.limit", "4");
        config.put("rag.gateway.rate-limit.classes.login.period", "1M");
        config.put("rag.gateway.rate-limit.classes.login.burst", "4");
        // everything but login: a large budget that refills too slowly (one request a day) to blur a count
        config.put("rag.gateway.rate-limit.classes.default.limit", "1000");
        config.put("rag.gateway.rate-limit.classes.default.period", "P1000D");
        config.put("rag.gateway.rate-limit.classes.chat.period", "P1000D");
        config.put("rag.gateway.rate-limit.classes.uploads.period", "P1000D");
        config.put("rag.gateway.rate-limit.classes.default.burst", "1000");
        config.put("rag.gateway.rate-limit.classes.chat.limit", "1000");
        config.put("rag.gateway.rate-limit.classes.chat.burst", "1000");
        config.put("rag.gateway.rate-limit.classes.uploads.limit", "1000");
        config.put("rag.gateway.rate-limit.classes.uploads.burst", "1000");
        config.put("rag.gateway.rate-limit.classes.auth-failures.limit", "1000");
        config.put("rag.gateway.rate-limit.classes.auth-failures.period", "P1000D");
        config.put("rag.gateway.rate-limit.classes.auth-failures.burst", "1000");
        // a budget far above any load (as ./rag bench sets): an interval of 60 ns
        config.put("rag.gateway.rate-limit.classes.unlimited.limit", "1000000000");
        config.put("rag.gateway.rate-limit.classes.unlimited.period", "1M");
        config.put("rag.gateway.quotas.chat-questions", "3");
        config.put("rag.gateway.quotas.upload-bytes", "1000");
        return config;
    }

    /** A server-sent event every 100 ms until the connection goes away, like a long answer being streamed. */
    private void endlessEvents(HttpServerRequest req) {
        req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        long timer = vertx.setPeriodic(0, 100, id -> {
            if (!req.response().closed() && !req.response().ended()) {
                req.response().write("event: token\ndata: {\"text\":\"x\"}\n\n");
            }
        });
        req.response().closeHandler(v -> vertx.cancelTimer(timer));
    }

    /** Every header the gateway forwarded, names in lower case. */
    private static JsonObject headers(HttpServerRequest req) {
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        return headers;
    }

    private void exchange(HttpServerRequest req, JsonObject body) {
        String key = body.getString("key", "");
        exchanges.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (!RagTestEnvironment.INTERNAL_TOKEN.equals(req.getHeader("X-Internal-Token"))) {
            problem(req, 401, "Internal endpoints need a valid X-Internal-Token header.");
            return;
        }
        for (Map.Entry<String, List<String>> e : SCOPES.entrySet()) {
            if (key.startsWith(e.getKey())) {
                String sid = key.substring(e.getKey().length());
                String userId = "key-user-" + sid;
                String token = Jwt.issuer("rag-suite").subject(userId).upn(userId + "@example.test").groups("user")
                        .claim("sid", sid)
                        .claim("jti", UUID.randomUUID().toString())
                        .claim("scope", String.join(" ", e.getValue()))
                        .expiresIn(Duration.ofMinutes(5))
                        .jws().keyId(TestKeys.keyId())
                        .sign(TestKeys.privateKey());
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("accessToken", token).put("expiresIn", 300).put("userId", userId)
                        .put("scopes", new JsonArray(e.getValue())).encode());
                return;
            }
        }
        problem(req, 401, "The API key is not valid.");
    }

    private static void problem(HttpServerRequest req, int status, String detail) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("title", "Unauthorized").put("status", status)
                        .put("detail", detail).encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
