package dev.ragsuite.gateway.filter;

import dev.ragsuite.common.logging.RequestLog;
import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.common.security.TokenScopes;
import dev.ragsuite.common.security.VerifiedTokens;
import dev.ragsuite.gateway.apikey.ApiKeyExchange;
import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.edge.Caller;
import dev.ragsuite.gateway.edge.ClientAddress;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import dev.ragsuite.gateway.ratelimit.Decision;
import dev.ragsuite.gateway.ratelimit.RateLimiter;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The edge check: a non-public route needs a bearer token that verifies against auth-service's
 * JWKS (signature, expiry, issuer) and whose session is not revoked. An API key
 * ({@code Authorization: Bearer rk_…} or {@code X-API-Key: rk_…}) is first exchanged at
 * auth-service for such a token, which then replaces it upstream: services never see a raw key.
 * The verified caller goes on the context for the scope, rate-limit and quota filters.
 * Services verify the token again (each process keeps the tokens it has verified until they expire, {@link VerifiedTokens}).
 * <p>
 * Every refused credential draws from the client address's {@value #FAILURES_CLASS} budget; an
 * address that has spent it gets the same 429 whatever it sends next (an API key is not even looked
 * up at auth-service), so tokens and API keys cannot be guessed at line rate (auth-service throttles
 * passwords on its own).
 * <p>
 * The Redis work of a verified caller is two round trips side by side ({@link #admit}): the revoked-session
 * lookup, and one script deciding the failure budget and the route's rate limit together.
 */
@Singleton
public class EdgeAuthFilter implements Handler<RoutingContext> {

    public static final String API_KEY_HEADER = "X-API-Key";
    /** The rate-limit class (rag.gateway.rate-limit.classes.*) for refused credentials. */
    public static final String FAILURES_CLASS = "auth-failures";
    private static final Logger LOG = Logger.getLogger(EdgeAuthFilter.class);

    private final VerifiedTokens tokens;
    private final RevokedSessions revokedSessions;
    private final ApiKeyExchange apiKeys;
    private final boolean apiKeysEnabled;
    private final Rejections rejections;
    private final RateLimiter limiter;
    private final ClientAddress clientAddress;
    private final boolean throttleFailures;
    private final boolean rateLimits;

    public EdgeAuthFilter(VerifiedTokens tokens, RevokedSessions revokedSessions, ApiKeyExchange apiKeys, GatewayConfig config,
            Rejections rejections, RateLimiter limiter, ClientAddress clientAddress) {
        this.tokens = tokens;
        this.revokedSessions = revokedSessions;
        this.apiKeys = apiKeys;
        this.apiKeysEnabled = config.apiKeys().enabled();
        this.rejections = rejections;
        this.limiter = limiter;
        this.clientAddress = clientAddress;
        this.throttleFailures = config.rateLimit().enabled() && config.rateLimit().classes().containsKey(FAILURES_CLASS);
        this.rateLimits = config.rateLimit().enabled();
    }

    @Override
    public void handle(RoutingContext ctx) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        MultiMap headers = ctx.request().headers();
        String header = headers.get(HttpHeaders.AUTHORIZATION);
        String apiKeyHeader = headers.get(API_KEY_HEADER);
        headers.remove(API_KEY_HEADER);
        if (route.isPublic(ctx.normalizedPath())) {
            if (header != null && bearer(header) != null && ApiKeyExchange.looksLikeKey(bearer(header))) {
                headers.remove(HttpHeaders.AUTHORIZATION); // a raw API key never travels upstream
            }
            ctx.next();
            return;
        }
        if (header != null && apiKeyHeader != null) {
            rejections.send(ctx, Reason.BAD_REQUEST, 400, "Bad Request",
                    "Send one credential: either an Authorization header or X-API-Key, not both.");
            return;
        }
        String credential = apiKeyHeader != null ? apiKeyHeader.trim() : header == null ? null : bearer(header);
        if (credential == null || credential.isEmpty()) {
            unauthorized(ctx, "A bearer access token or an API key is required.");
            return;
        }
        boolean apiKey = apiKeyHeader != null || ApiKeyExchange.looksLikeKey(credential);
        if (!throttleFailures || !apiKey) {
            // A bearer token is verified here, in this process; an address over its failure budget is refused
            // with the same 429 whatever token it sends (admit, refused), so there is nothing to learn from it.
            check(ctx, headers, credential, apiKey);
            return;
        }
        // An API key is looked up at auth-service: an address over its failure budget is refused before that.
        Future.fromCompletionStage(limiter.peek(FAILURES_CLASS, failureKey(ctx)).subscribeAsCompletionStage(),
                ctx.vertx().getOrCreateContext())
                .onSuccess(decision -> {
                    if (decision.allowed()) {
                        check(ctx, headers, credential, true);
                    } else {
                        tooManyFailures(ctx, decision);
                    }
                })
                .onFailure(error -> fail(ctx, error));
    }

    private void check(RoutingContext ctx, MultiMap headers, String credential, boolean apiKey) {
        if (apiKey) {
            if (!apiKeysEnabled) {
                unauthorized(ctx, "API keys are switched off on this deployment (rag.gateway.api-keys.enabled); use an access token.");
                return;
            }
            Future.fromCompletionStage(apiKeys.exchange(credential).subscribeAsCompletionStage(), ctx.vertx().getOrCreateContext())
                    .compose(exchanged -> verify(ctx, exchanged.accessToken()).map(jwt -> {
                        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + exchanged.accessToken());
                        return new Caller(jwt.getSubject(), jwt.getClaim("sid"), Optional.of(TokenScopes.of(jwt).orElse(exchanged.scopes())), true);
                    }))
                    // an API key: the failure budget, when throttled, was peeked before the exchange (handle)
                    .compose(caller -> admit(ctx, caller, false))
                    .onSuccess(caller -> proceed(ctx, caller))
                    .onFailure(error -> fail(ctx, error));
            return;
        }
        verify(ctx, credential)
                .map(jwt -> new Caller(jwt.getSubject(), jwt.getClaim("sid"), TokenScopes.of(jwt), false))
                .compose(caller -> admit(ctx, caller, throttleFailures))
                .onSuccess(caller -> proceed(ctx, caller))
                .onFailure(error -> fail(ctx, error));
    }

    /** The token's signature and claims: from this process's verified tokens, else verified on a worker. */
    private Future<JsonWebToken> verify(RoutingContext ctx, String token) {
        Optional<JsonWebToken> cached = tokens.cached(token);
        // Verifying may fetch the JWKS over HTTP: keep it off the event loop. A token verified before is not.
        Future<JsonWebToken> verified = cached.isPresent() ? Future.succeededFuture(cached.get())
                : ctx.vertx().executeBlocking(() -> tokens.verify(token), false);
        return verified.compose(jwt -> {
            String sid = jwt.getClaim("sid");
            return sid == null || sid.isBlank() ? Future.failedFuture(new InvalidSession("The token carries no session."))
                    : Future.succeededFuture(jwt);
        });
    }

    /**
     * The Redis side of a verified caller, in parallel: whether its session is revoked (the session store)
     * and, in one script on the rate-limit store, whether its address is within its failure budget and
     * one request drawn from the route's budget ({@link RateLimiter#checkAll}; the decision is left on
     * the context for {@link RateLimitFilter}). Two round trips side by side instead of three in a row.
     *
     * @param peekFailures false when the failure budget was already looked at for this request (an API key,
     *        before it was exchanged)
     */
    private Future<Caller> admit(RoutingContext ctx, Caller caller, boolean peekFailures) {
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        List<RateLimiter.Check> checks = new ArrayList<>(2);
        if (peekFailures) {
            checks.add(RateLimiter.Check.peek(FAILURES_CLASS, failureKey(ctx)));
        }
        if (rateLimits) {
            checks.add(RateLimiter.Check.draw(route.rateLimitClass(), RateLimitFilter.userKey(caller)));
        }
        Context context = ctx.vertx().getOrCreateContext();
        Future<Boolean> revoked = Future.fromCompletionStage(
                revokedSessions.isRevoked(caller.sessionId()).subscribeAsCompletionStage(), context);
        Future<List<Decision>> budgets = checks.isEmpty() ? Future.succeededFuture(List.of())
                : Future.fromCompletionStage(limiter.checkAll(checks).subscribeAsCompletionStage(), context);
        return Future.join(revoked, budgets).transform(done -> {
            if (budgets.succeeded() && peekFailures && !budgets.result().get(0).allowed()) {
                return Future.failedFuture(new TooManyFailures(budgets.result().get(0)));
            }
            if (done.failed()) {
                return Future.failedFuture(revoked.failed() ? revoked.cause() : budgets.cause());
            }
            if (revoked.result()) {
                return Future.failedFuture(new InvalidSession("This session has been revoked."));
            }
            if (rateLimits) {
                ctx.put(RateLimitFilter.DECIDED, budgets.result().get(checks.size() - 1));
            }
            return Future.succeededFuture(caller);
        });
    }

    private static void proceed(RoutingContext ctx, Caller caller) {
        ctx.put(Caller.CONTEXT_KEY, caller);
        RequestLog.userId(caller.userId());
        ctx.next();
    }

    private void fail(RoutingContext ctx, Throwable error) {
        if (error instanceof ParseException) {
            LOG.debugf("Token refused for %s: %s", ctx.normalizedPath(), error.getCause() == null ? error.getMessage() : error.getCause().getMessage());
            refused(ctx, "The access token is invalid or expired.");
        } else if (error instanceof TooManyFailures tooMany) {
            tooManyFailures(ctx, tooMany.decision);
        } else if (error instanceof InvalidSession || error instanceof ApiKeyExchange.InvalidKey) {
            refused(ctx, error.getMessage());
        } else {
            LOG.errorf(error, "Credential check failed for %s", ctx.normalizedPath());
            rejections.send(ctx, Reason.AUTH_UNAVAILABLE, 503, "Service Unavailable",
                    "Credentials cannot be checked right now; try again shortly.");
        }
    }

    private static String bearer(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return null;
        }
        return header.substring(7).trim();
    }

    /** A credential was presented and refused: it draws from the address's failure budget, then 401. */
    private void refused(RoutingContext ctx, String detail) {
        if (!throttleFailures) {
            unauthorized(ctx, detail);
            return;
        }
        Future.fromCompletionStage(limiter.check(FAILURES_CLASS, failureKey(ctx)).subscribeAsCompletionStage(),
                ctx.vertx().getOrCreateContext())
                .onComplete(drawn -> {
                    if (drawn.failed()) {
                        LOG.warnf(drawn.cause(), "Could not count a refused credential for %s", ctx.normalizedPath());
                    } else if (!drawn.result().allowed()) {
                        tooManyFailures(ctx, drawn.result()); // over budget: the same answer as for a valid token
                        return;
                    }
                    unauthorized(ctx, detail);
                });
    }

    private String failureKey(RoutingContext ctx) {
        return "ip:" + clientAddress.clientIp(ctx.request());
    }

    private void tooManyFailures(RoutingContext ctx, Decision decision) {
        ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        rejections.send(ctx, Reason.AUTH_FAILURES, Problems.RATE_LIMITED, 429, "Too Many Requests",
                "Too many refused credentials from this address; try again in " + decision.retryAfterSeconds() + " s.");
    }

    private void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        rejections.send(ctx, Reason.UNAUTHORIZED, 401, "Unauthorized", detail);
    }

    /** The caller's address has spent its failure budget. */
    static final class TooManyFailures extends RuntimeException {
        private final Decision decision;

        TooManyFailures(Decision decision) {
            super("too many refused credentials", null, false, false);
            this.decision = decision;
        }
    }

    /** A well-formed token whose session may not be used. */
    static final class InvalidSession extends RuntimeException {
        InvalidSession(String message) {
            super(message, null, false, false);
        }
    }
}
