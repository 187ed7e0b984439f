package dev.ragsuite.auth.rest;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Tokens exchanged for an API key ({@code amr: ["api_key"]}) are for chat and documents only:
 * nothing in auth-service (sessions, passwords, API keys, administration) accepts them, so a
 * leaked key can neither mint keys nor act as an admin.
 */
public class ApiKeyTokenFilter {

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Void> refuseApiKeyTokens() {
        return identities.getDeferredIdentity().map(identity -> {
            if (isApiKeyToken(identity)) {
                throw ProblemException.forbidden("API keys cannot be used for account or admin operations; log in instead.");
            }
            return null;
        }).replaceWithVoid();
    }

    private static boolean isApiKeyToken(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return false;
        }
        Object amr = jwt.getClaim("amr");
        if (amr instanceof JsonArray array) {
            return array.stream().anyMatch(v -> v instanceof JsonString s && "api_key".equals(s.getString()));
        }
        if (amr instanceof java.util.Collection<?> values) {
            return values.contains("api_key");
        }
        return false;
    }
}
