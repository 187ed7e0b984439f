package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.gateway.config.RouteTable;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The edge check: a non-public route needs a bearer token that verifies against auth-service's
 * JWKS (signature, expiry, issuer) and whose session is not revoked. Services verify it again.
 */
public class EdgeAuthFilter implements Handler<RoutingContext> {

    /** The verified caller's user id, for the filters after this one (rate limits key on it). */
    public static final String USER_KEY = "rag.userId";
    private static final Logger LOG = Logger.getLogger(EdgeAuthFilter.class);

    private final JWTParser parser;
    private final RevokedSessions revokedSessions;

    public EdgeAuthFilter(JWTParser parser, RevokedSessions revokedSessions) {
        this.parser = parser;
        this.revokedSessions = revokedSessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        if (route.isPublic(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            unauthorized(ctx, "A bearer access token is required.");
            return;
        }
        String token = header.substring(7).trim();
        // Parsing may fetch the JWKS over HTTP the first time: keep it off the event loop.
        ctx.vertx().<JsonWebToken>executeBlocking(() -> parser.parse(token), false)
                .compose(jwt -> checkSession(jwt, ctx))
                .onSuccess(jwt -> {
                    ctx.put(USER_KEY, jwt.getSubject());
                    ctx.next();
                })
                .onFailure(error -> {
                    if (error instanceof ParseException || error instanceof InvalidSession) {
                        unauthorized(ctx, error instanceof InvalidSession ? error.getMessage()
                                : "The access token is invalid or expired.");
                    } else {
                        LOG.errorf(error, "Session check failed for %s", ctx.normalizedPath());
                        Problems.send(ctx, 503, "Service Unavailable", "Sessions cannot be checked right now; try again shortly.");
                    }
                });
    }

    private Future<JsonWebToken> checkSession(JsonWebToken jwt, RoutingContext ctx) {
        String sid = jwt.getClaim("sid");
        if (sid == null || sid.isBlank()) {
            return Future.failedFuture(new InvalidSession("The token carries no session."));
        }
        return Future.fromCompletionStage(revokedSessions.isRevoked(sid).subscribeAsCompletionStage(),
                ctx.vertx().getOrCreateContext())
                .compose(revoked -> revoked
                        ? Future.failedFuture(new InvalidSession("This session has been revoked."))
                        : Future.succeededFuture(jwt));
    }

    private static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Problems.send(ctx, 401, "Unauthorized", detail);
    }

    /** A well-formed token whose session may not be used. */
    static final class InvalidSession extends RuntimeException {
        InvalidSession(String message) {
            super(message, null, false, false);
        }
    }
}
