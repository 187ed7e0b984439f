package dev.ragsuite.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenAiErrorTest {

    @Test
    void onlyTheOpenAiCompatiblePathsTakeItsShape() {
        assertTrue(OpenAiError.appliesTo("/v1/chat/completions"));
        assertTrue(OpenAiError.appliesTo("/v1"));
        assertFalse(OpenAiError.appliesTo("/api/chat"));
        assertFalse(OpenAiError.appliesTo("/v10/x"));
        assertFalse(OpenAiError.appliesTo(null));
    }

    @Test
    void aProblemKeepsItsTextAndGetsOpenAisTypeAndCode() {
        OpenAiError error = OpenAiError.of(new Problem("about:blank", "Unauthorized", 401, "A valid access token is required.", "/v1/models", null));
        assertEquals("A valid access token is required.", error.error().message());
        assertEquals("authentication_error", error.error().type());
        assertEquals("invalid_api_key", error.error().code());
        assertNull(error.error().param());

        OpenAiError titleOnly = OpenAiError.of(new Problem("about:blank", "Not Found", 404, null, "/v1/x", null));
        assertEquals("Not Found", titleOnly.error().message());
        assertEquals("not_found_error", titleOnly.error().type());
    }

    @Test
    void statusesMapToOpenAisErrorTypes() {
        assertEquals("invalid_request_error", OpenAiError.type(400));
        assertEquals("invalid_request_error", OpenAiError.type(413));
        assertEquals("permission_error", OpenAiError.type(403));
        assertEquals("rate_limit_error", OpenAiError.type(429));
        assertEquals("server_error", OpenAiError.type(503));
        assertEquals("rate_limit_exceeded",
                OpenAiError.of(new Problem("urn:rag-suite:problem:rate-limited", "Too Many Requests", 429, "slow down", "/v1/x", null)).error().code());
        assertEquals("insufficient_quota",
                OpenAiError.of(new Problem("urn:rag-suite:problem:daily-quota-exceeded", "Too Many Requests", 429, "quota", "/v1/x", null)).error().code());
        OpenAiError model = OpenAiError.of(404, "no such model", "model", "model_not_found");
        assertEquals("model", model.error().param());
        assertEquals("model_not_found", model.error().code());
        assertEquals("not_found_error", model.error().type());
    }

    @Test
    void fieldErrorsJoinTheMessageAndTheFirstFieldIsTheParam() {
        OpenAiError error = OpenAiError.of(new Problem("about:blank", "Bad Request", 400, "The request is invalid.", "/v1/chat/completions",
                java.util.List.of(new Problem.FieldError("messages", "must not be empty"), new Problem.FieldError("n", "must be 1"))));
        assertEquals("The request is invalid. messages: must not be empty; n: must be 1.", error.error().message());
        assertEquals("messages", error.error().param());
        assertEquals("invalid_request_error", error.error().type());
    }
}
