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
        assertEquals("rate_limit_exceeded", OpenAiError.of(429, "urn:rag-suite:problem:rate-limited", "slow down", null).error().code());
        assertEquals("insufficient_quota", OpenAiError.of(429, "urn:rag-suite:problem:daily-quota-exceeded", "quota", null).error().code());
        assertEquals("model", OpenAiError.of(404, null, "no such model", "model").error().param());
    }
}
