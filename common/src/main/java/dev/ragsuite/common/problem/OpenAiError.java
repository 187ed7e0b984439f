package dev.ragsuite.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.stream.Collectors;

/**
 * The error body of the OpenAI-compatible API ({@code /v1/*}): OpenAI's own shape,
 * {@code {"error":{"message","type","param","code"}}}, because that is what OpenAI clients parse.
 * Every answer on those paths that would otherwise be a {@link Problem} — from the gateway's edge
 * filters and from chat-service — is written as this instead, with the same status and text.
 */
// native images: written with Vert.x's Json (gateway) and the ObjectMapper (chat-service's stream chunks)
@RegisterForReflection(targets = { OpenAiError.class, OpenAiError.Body.class })
public record OpenAiError(Body error) {

    /** The OpenAI-compatible API's paths. */
    public static final String PATH_PREFIX = "/v1/";
    public static final String MEDIA_TYPE = "application/json";

    /** {@code param} and {@code code} are always present, null when there is nothing to say (as OpenAI sends them). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }

    /** Whether an answer on this path takes OpenAI's error shape. */
    public static boolean appliesTo(String path) {
        return path != null && (path.startsWith(PATH_PREFIX) || path.equals("/v1"));
    }

    /**
     * @param param the request field at fault, or null
     * @param code OpenAI's error code ({@code model_not_found}, …), or null
     */
    public static OpenAiError of(int status, String message, String param, String code) {
        return new OpenAiError(new Body(message, type(status), param, code));
    }

    /**
     * The same error as a problem document: its detail (or title) and the fields it names as the message,
     * the first field as {@code param}, the status as the type; rate limit, daily quota, a refused
     * credential, a body too large and an unreachable service get OpenAI's codes for them.
     */
    public static OpenAiError of(Problem problem) {
        String message = problem.detail() != null ? problem.detail() : problem.title();
        String param = null;
        if (problem.errors() != null && !problem.errors().isEmpty()) {
            message += " " + problem.errors().stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")) + ".";
            param = problem.errors().get(0).field();
        }
        return of(problem.status(), message, param, code(problem.status(), problem.type()));
    }

    /** OpenAI's error type for an HTTP status. */
    public static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String code(int status, String problemType) {
        if ("urn:rag-suite:problem:daily-quota-exceeded".equals(problemType)) {
            return "insufficient_quota";
        }
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "service_unavailable";
            default -> null;
        };
    }
}
