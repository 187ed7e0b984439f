package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.throttle.LoginThrottledException;
import dev.ragsuite.common.problem.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A locked login: the usual problem+json, plus {@code Retry-After} in seconds. */
public class ThrottleMapper {

    @ServerExceptionMapper
    public Response throttled(LoginThrottledException e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.respond(e.status(), e.title(), e.detail(), uri, null))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }
}
