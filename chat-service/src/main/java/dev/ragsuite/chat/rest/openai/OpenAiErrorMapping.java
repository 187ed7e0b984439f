package dev.ragsuite.chat.rest.openai;

import dev.ragsuite.common.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The one place where errors under {@code /v1} take OpenAI's shape. Every error of the service is first a
 * problem document (common's {@code ProblemMappers}: bad JSON, validation, the 401 of token verification, the
 * 403 of the scope check, a 503 of retrieval, a 500 with its error id); on {@code /v1} paths this filter
 * rewrites that body into {@link OpenAiError} with the same status and headers ({@code WWW-Authenticate},
 * {@code Retry-After}). What the OpenAI-compatible resource refuses itself ({@link OpenAiException}) is
 * answered in that shape directly, with the parameter and code OpenAI would name.
 */
public class OpenAiErrorMapping {

    static final String PREFIX = "/v1";

    @ServerExceptionMapper
    public Response openAi(OpenAiException e) {
        return e.body().response(e.status());
    }

    @ServerResponseFilter
    public void problemsAsOpenAiErrors(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && isOpenAiPath(request.getUriInfo().getPath())) {
            response.setEntity(OpenAiError.of(problem), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }

    static boolean isOpenAiPath(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }
}
