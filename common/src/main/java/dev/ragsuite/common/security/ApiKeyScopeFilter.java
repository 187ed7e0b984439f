package dev.ragsuite.common.security;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Defence in depth behind the gateway's scope check: in every service, a scoped token (one with a
 * {@code scope} claim, which API keys are exchanged for) may call only endpoints whose {@link RequiresScope}
 * it holds; endpoints without one refuse it with 403. Tokens without a scope claim (user sessions) pass.
 * {@code /internal/**} is guarded by the internal token instead, and the user's token a service forwards
 * there is not held to public-endpoint scopes.
 */
public class ApiKeyScopeFilter {

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Void> holdScopedTokensToTheirScopes(ContainerRequestContext request, ResourceInfo resource) {
        if (request.getUriInfo().getPath().startsWith("/internal/") || resource.getResourceMethod() == null) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().chain(identity -> check(identity, TokenScopes.requiredBy(resource.getResourceMethod())));
    }

    private static Uni<Void> check(SecurityIdentity identity, Optional<String> needed) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().voidItem();
        }
        Optional<Set<String>> granted = TokenScopes.of(jwt);
        if (granted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (needed.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.forbidden(
                    "API keys cannot be used on this endpoint; sign in instead."));
        }
        if (!granted.get().contains(needed.get())) {
            return Uni.createFrom().failure(ProblemException.forbidden(
                    "This credential lacks the '" + needed.get() + "' scope this request needs."));
        }
        return Uni.createFrom().voidItem();
    }
}
