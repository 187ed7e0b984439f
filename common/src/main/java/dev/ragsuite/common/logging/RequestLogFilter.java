package dev.ragsuite.common.logging;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts the request id and the caller's user id (the JWT subject) in the log context of every REST
 * request of a service, before the other filters run, and writes the {@link RequestLog} line when the
 * response is ready. An unverifiable token just leaves the user id out: rejecting it is the security
 * layer's job, which reports it with its own problem+json.
 */
public class RequestLogFilter {

    private static final String STARTED = RequestLogFilter.class.getName() + ".started";

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(priority = 10)
    public Uni<Void> logContext(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        RequestLog.requestId(request.getHeaderString(RequestLog.HEADER));
        return identities.getDeferredIdentity()
                .onItem().invoke(RequestLogFilter::userId)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static void userId(SecurityIdentity identity) {
        if (identity != null && !identity.isAnonymous()) {
            RequestLog.userId(identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : identity.getPrincipal().getName());
        }
    }

    @ServerResponseFilter
    public void requestLine(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (started instanceof Long nanos) {
            RequestLog.completed(request.getMethod(), request.getUriInfo().getPath(), response.getStatus(), nanos);
        }
    }
}
