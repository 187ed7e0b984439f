package dev.ragsuite.common.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The error body of the OpenAI-compatible API ({@code /v1/*}): OpenAI's own shape,
 * {@code {"error":{"message","type","param","code"}}}, because that is what OpenAI clients parse.
 * Every answer on those paths that would otherwise be a {@link Problem} — from the gateway's edge
 * filters and from chat-service — is written as this instead, with the same status and text.
 */
@RegisterForReflection(targets = { OpenAiError.class, OpenAiError.Body.class })
public record OpenAiError(Body error) {

    /** The OpenAI-compatible API's paths. */
    public static final String PATH_PREFIX = "/v1/";
    public static final String MEDIA_TYPE = "application/json";

    public record Body(String message, String type, String param, String code) {
    }

    /** Whether an answer on this path takes OpenAI's error shape. */
    public static boolean appliesTo(String path) {
        return path != null && (path.startsWith(PATH_PREFIX) || path.equals("/v1"));
    }

    /** The OpenAI error for a problem: its detail (or title) as the message, its status as the type. */
    public static OpenAiError of(Problem problem) {
        return of(problem.status(), problem.type(), problem.detail() != null ? problem.detail() : problem.title(), null);
    }

    /**
     * @param problemType the problem type this stands for (rate limit and daily quota get OpenAI's codes)
     * @param param the request field at fault, or null
     */
    public static OpenAiError of(int status, String problemType, String message, String param) {
        return new OpenAiError(new Body(message, type(status), param, code(status, problemType)));
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
