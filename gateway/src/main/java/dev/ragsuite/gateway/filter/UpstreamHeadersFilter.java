package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.api.RefreshCookie;
import dev.ragsuite.common.logging.RequestLog;
import dev.ragsuite.common.usage.QuotaUse;
import dev.ragsuite.gateway.edge.ClientAddress;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What reaches a service of the client's request headers: only those on {@link #FORWARDED} (an allow-list,
 * so a header a service might one day trust — {@code X-Internal-*}, {@code X-Forwarded-Port},
 * {@code X-Real-IP}, a user id — never arrives from outside), plus what the gateway itself vouches for: the
 * real client IP (auth-service throttles logins and records sessions by it), scheme and host as single
 * X-Forwarded-* values, the request id, and on the usage route the caller's quota use ({@link QuotaUse}). Whatever the client sent in those, or in {@code Forwarded}, is
 * replaced or dropped.
 * <p>The client's W3C trace headers are dropped too: the gateway's SERVER span has already continued
 * them, and the proxy's HTTP client adds the headers of its own CLIENT span (a copied
 * {@code traceparent} would come first and make the upstream skip the gateway's spans).
 */
@Singleton
public class UpstreamHeadersFilter implements Handler<RoutingContext> {

    /**
     * Client headers the services use (lower case): content negotiation and the body, the credential
     * (the edge has already verified it, or exchanged an API key for it), conditional requests, SSE resumption,
     * the user agent (sessions record it), the refresh-token mode a browser asks for on login and sends with
     * its cookie refresh ({@link RefreshCookie#MODE_HEADER}), and the hop-by-hop headers the proxy itself handles.
     */
    static final Set<String> FORWARDED = Set.of(
            "accept", "accept-encoding", "accept-language",
            "authorization",
            "cache-control", "content-encoding", "content-language", "content-length", "content-type",
            "host",
            "if-match", "if-modified-since", "if-none-match", "if-unmodified-since",
            RefreshCookie.MODE_HEADER.toLowerCase(Locale.ROOT),
            "last-event-id",
            "user-agent",
            RequestLog.HEADER.toLowerCase(Locale.ROOT),
            "connection", "keep-alive", "te", "trailer", "transfer-encoding");

    /**
     * On the browser's cookie refresh ({@link RefreshCookie#PATH}) only, also the {@code Origin} auth-service checks
     * it by. Of the client's cookies, only the refresh cookie goes on, and only there.
     */
    static final Set<String> FORWARDED_ON_COOKIE_REFRESH = Set.of("origin");

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
        boolean cookieRefresh = RefreshCookie.PATH.equals(request.path());
        Cookie refreshCookie = cookieRefresh ? request.getCookie(RefreshCookie.NAME) : null;
        List<String> dropped = headers.names().stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !FORWARDED.contains(name) && !(cookieRefresh && FORWARDED_ON_COOKIE_REFRESH.contains(name)))
                .toList();
        dropped.forEach(headers::remove);
        if (refreshCookie != null) {
            headers.set("Cookie", RefreshCookie.NAME + "=" + refreshCookie.getValue());
        }
        headers.set("X-Forwarded-For", clientIp);
        headers.set("X-Forwarded-Proto", https ? "https" : "http");
        headers.set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
        String quotaUse = ctx.get(QuotaUse.HEADER);
        if (quotaUse != null) {
            headers.set(QuotaUse.HEADER, quotaUse); // QuotaFilter read it, on a route that reports quotas
        }
        ctx.next();
    }
}
