package dev.ragsuite.gateway.filter;

import dev.ragsuite.gateway.config.RouteTable;
import dev.ragsuite.gateway.edge.Caller;
import dev.ragsuite.gateway.metrics.Rejections;
import dev.ragsuite.gateway.metrics.Rejections.Reason;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * Scoped tokens (those with a {@code scope} claim, which API keys are exchanged for) may do only
 * what their scopes allow: the route's read scope for GET/HEAD, its write scope otherwise. A route
 * without scopes (auth, admin) refuses them. User-session tokens carry no scope and pass.
 * The owning service checks again ({@code @RequiresScope} + {@code ApiKeyScopeFilter} in common); each
 * service's ScopeContractTest keeps this table ({@code rag.gateway.routes.*.scopes}) in step with it.
 */
@Singleton
public class ScopeFilter implements Handler<RoutingContext> {

    private final Rejections rejections;

    public ScopeFilter(Rejections rejections) {
        this.rejections = rejections;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        if (caller == null || caller.scopes().isEmpty()) {
            ctx.next();
            return;
        }
        RouteTable.Entry route = ctx.get(RouteResolver.CONTEXT_KEY);
        Optional<String> needed = route.scopeFor(ctx.request().method().name());
        Set<String> granted = caller.scopes().get();
        if (needed.isEmpty()) {
            rejections.send(ctx, Reason.FORBIDDEN, 403, "Forbidden", caller.apiKey()
                    ? "API keys cannot be used on this endpoint; sign in instead."
                    : "Scoped tokens cannot be used on this endpoint; sign in instead.");
        } else if (!granted.contains(needed.get())) {
            rejections.send(ctx, Reason.FORBIDDEN, 403, "Forbidden",
                    "This credential lacks the '" + needed.get() + "' scope this request needs.");
        } else {
            ctx.next();
        }
    }
}
