package dev.ragsuite.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document. Only what a client may see: never an exception class or trace.
 *
 * @param errors field-level details for validation failures, otherwise absent
 */
// registered for native images: also written outside REST endpoints (the gateway's filters with
// Vert.x Json.encode, chat-service's SSE error events with the ObjectMapper)
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}
