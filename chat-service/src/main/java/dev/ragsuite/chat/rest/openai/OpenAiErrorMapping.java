package dev.ragsuite.chat.rest.openai;

import dev.ragsuite.common.problem.OpenAiError;
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
 * rewrites that body into common's {@link OpenAiError} (with which the gateway writes its own refusals on
 * {@code /v1} too), keeping the status and headers ({@code WWW-Authenticate}, {@code Retry-After}). What the OpenAI-compatible resource refuses itself ({@link OpenAiException}) is
 * answered in that shape directly, with the parameter and code OpenAI would name.
 */
public class OpenAiErrorMapping {

    @ServerExceptionMapper
    public Response openAi(OpenAiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
    }

    @ServerResponseFilter
    public void problemsAsOpenAiErrors(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && OpenAiError.appliesTo(request.getUriInfo().getPath())) {
            response.setEntity(OpenAiError.of(problem), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
