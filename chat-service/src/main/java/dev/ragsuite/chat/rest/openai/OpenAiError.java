package dev.ragsuite.chat.rest.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragsuite.common.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;

/**
 * OpenAI's error body, {@code {"error":{"message","type","param","code"}}}: what OpenAI clients parse, so every
 * error under {@code /v1} has this shape instead of problem+json (see {@link OpenAiErrorMapping}).
 */
// native images: also written with the ObjectMapper as a stream chunk
@RegisterForReflection(targets = { OpenAiError.class, OpenAiError.Detail.class })
public record OpenAiError(Detail error) {

    /** {@code param} and {@code code} are always present, null when there is nothing to say. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }

    public static OpenAiError of(int status, String message, String param, String code) {
        return new OpenAiError(new Detail(message, type(status), param, code));
    }

    /** The same error as a problem document: its detail (and the fields it names) as the message. */
    public static OpenAiError of(Problem problem) {
        String message = problem.detail() == null ? problem.title() : problem.detail();
        String param = null;
        if (problem.errors() != null && !problem.errors().isEmpty()) {
            message += " " + problem.errors().stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")) + ".";
            param = problem.errors().get(0).field();
        }
        return of(problem.status(), message, param, null);
    }

    public Response response(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }

    /** OpenAI's error type for an HTTP status. */
    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
