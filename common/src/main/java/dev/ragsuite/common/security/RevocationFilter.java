package dev.ragsuite.common.security;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Defence in depth behind the gateway: every service rejects a token whose session (`sid`) has
 * been revoked, also when a request reaches it directly. A token without `sid` is not one of ours.
 */
public class RevocationFilter {

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    RevokedSessions revokedSessions;

    @ServerRequestFilter
    public Uni<Void> rejectRevokedSessions() {
        return identities.getDeferredIdentity().chain(this::check);
    }

    private Uni<Void> check(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().voidItem();
        }
        String sid = jwt.getClaim("sid");
        if (sid == null || sid.isBlank()) {
            return Uni.createFrom().failure(ProblemException.unauthorized("The token carries no session."));
        }
        return revokedSessions.isRevoked(sid).chain(revoked -> revoked
                ? Uni.createFrom().failure(ProblemException.unauthorized("This session has been revoked."))
                : Uni.createFrom().voidItem());
    }
}
