package dev.ragsuite.common.security;

import dev.ragsuite.common.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards every `/internal/**` endpoint of a service: only our own services may call them. */
public class InternalTokenFilter {

    @Inject
    InternalToken token;

    @ServerRequestFilter(preMatching = true)
    public void guardInternalPaths(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/internal/")
                && !token.matches(request.getHeaderString(InternalToken.HEADER))) {
            throw ProblemException.unauthorized("Internal endpoints need a valid " + InternalToken.HEADER + " header.");
        }
    }
}
