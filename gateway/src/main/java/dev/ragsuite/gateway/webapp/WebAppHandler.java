package dev.ragsuite.gateway.webapp;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.filter.Problems;
import dev.ragsuite.gateway.webapp.WebAppFiles.WebAppFile;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves the web app at {@code /} on the same origin as {@code /api} (so it needs no CORS):
 * <ul>
 * <li>{@code /assets/*} are content-hashed: cached for a year, {@code immutable};</li>
 * <li>{@code index.html} — also the answer for the app's own routes such as {@code /chat/42}
 * ({@code rag.gateway.webapp.routes}) — is revalidated on every use ({@code no-cache} + ETag → 304);</li>
 * <li>the build's brotli or gzip variant when the client accepts it (nothing is compressed per request);</li>
 * <li>the app's own strict Content-Security-Policy replaces the API's on these answers.</li>
 * </ul>
 * {@code /api/}, {@code /v1/} and {@code /q/} are never answered here; a missing file is a 404 problem.
 */
public final class WebAppHandler implements Handler<RoutingContext> {

    private static final String INDEX = "index.html";

    private final WebAppFiles files;
    private final String contentSecurityPolicy;
    private final String immutable;
    private final List<String> routes;

    public WebAppHandler(WebAppFiles files, GatewayConfig.WebApp config) {
        this.files = files;
        this.contentSecurityPolicy = config.contentSecurityPolicy();
        this.immutable = "public, max-age=" + config.immutableMaxAge().toSeconds() + ", immutable";
        this.routes = List.copyOf(config.routes());
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/") || path.startsWith("/v1/")) {
            ctx.next();
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            Problems.send(ctx, 405, "Method Not Allowed", "The web app's pages and files are only read (GET, HEAD).");
            return;
        }
        String relative = path.substring(1);
        Optional<WebAppFile> file = relative.isEmpty() ? files.find(INDEX) : files.find(relative);
        if (file.isEmpty() && isAppRoute(path)) {
            file = files.find(INDEX);
        }
        if (file.isEmpty()) {
            Problems.send(ctx, 404, "Not Found", files.present()
                    ? "There is no such page or file."
                    : "The web app is not part of this build (build the webapp module, or set RAG_WEBAPP_DIR).");
            return;
        }
        send(ctx, file.get());
    }

    /** {@code /chat}, {@code /chat/42}: the app's own routes, answered with index.html. */
    boolean isAppRoute(String path) {
        for (String route : routes) {
            if (path.equals(route) || path.startsWith(route + "/")) {
                return true;
            }
        }
        return false;
    }

    private void send(RoutingContext ctx, WebAppFile file) {
        HttpServerResponse response = ctx.response();
        MultiMap headers = response.headers();
        headers.set("Content-Security-Policy", contentSecurityPolicy);
        headers.set("Content-Type", file.contentType());
        headers.set("Cache-Control", file.path().startsWith("assets/") ? immutable : "no-cache");
        headers.set("ETag", file.etag());
        headers.set("Vary", "Accept-Encoding");
        if (file.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
            return;
        }
        String accepted = ctx.request().getHeader("Accept-Encoding");
        byte[] body = file.identity();
        if (file.brotli() != null && accepts(accepted, "br")) {
            body = file.brotli();
            headers.set("Content-Encoding", "br");
        } else if (file.gzip() != null && accepts(accepted, "gzip")) {
            body = file.gzip();
            headers.set("Content-Encoding", "gzip");
        }
        headers.set("Content-Length", Integer.toString(body.length));
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    /** Whether an Accept-Encoding header accepts this coding: named (or else {@code *}) without {@code q=0}. */
    static boolean accepts(String acceptEncoding, String coding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean named = null;
        Boolean star = null;
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] fields = part.split(";");
            String name = fields[0].strip();
            boolean refused = false;
            for (int i = 1; i < fields.length; i++) {
                String parameter = fields[i].replace(" ", "");
                if (parameter.startsWith("q=")) {
                    refused = parameter.substring(2).matches("0(\\.0*)?");
                }
            }
            if (name.equals(coding)) {
                named = !refused;
            } else if (name.equals("*")) {
                star = !refused;
            }
        }
        return named != null ? named : Boolean.TRUE.equals(star);
    }
}
