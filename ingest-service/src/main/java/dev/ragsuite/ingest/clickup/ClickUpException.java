package dev.ragsuite.ingest.clickup;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A call to ClickUp that did not succeed, and why: {@link Kind#UNAUTHORIZED} (the token is refused:
 * the connection needs a new one), {@link Kind#REJECTED} (another 4xx: the request itself is wrong,
 * retrying does not help), {@link Kind#RATE_LIMITED} (still limited after the waits allowed),
 * {@link Kind#UNAVAILABLE} (timeouts, connection errors, 5xx after the retries). The message names
 * the status and ClickUp's own error text and code; it never contains the token.
 */
public class ClickUpException extends RuntimeException {

    public enum Kind {
        UNAUTHORIZED, REJECTED, RATE_LIMITED, UNAVAILABLE
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kind kind;
    private final int status;
    private final String clickUpError;
    private final transient Optional<Duration> retryAfter;
    private final transient Optional<Instant> rateLimitReset;

    ClickUpException(Kind kind, int status, String message, String clickUpError, Optional<Duration> retryAfter,
            Optional<Instant> rateLimitReset) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.clickUpError = clickUpError;
        this.retryAfter = retryAfter;
        this.rateLimitReset = rateLimitReset;
    }

    static ClickUpException unavailable(String message) {
        return new ClickUpException(Kind.UNAVAILABLE, 0, message, null, Optional.empty(), Optional.empty());
    }

    static ClickUpException rateLimited(String message) {
        return new ClickUpException(Kind.RATE_LIMITED, 429, message, null, Optional.empty(), Optional.empty());
    }

    /** From an HTTP answer of 400 or more. */
    static ClickUpException of(Response response) {
        int status = response.getStatus();
        String error = errorOf(response);
        Kind kind = status == 401 ? Kind.UNAUTHORIZED
                : status == 429 ? Kind.RATE_LIMITED
                : status >= 500 ? Kind.UNAVAILABLE
                : Kind.REJECTED;
        String message = "ClickUp answered " + status + (error == null ? "" : " (" + error + ")");
        return new ClickUpException(kind, status, message, error, RateLimits.retryAfter(response::getHeaderString),
                RateLimits.reset(response::getHeaderString));
    }

    private static String errorOf(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            ClickUp.Error error = JSON.readValue(body, ClickUp.Error.class);
            if (error.err() == null) {
                return null;
            }
            String text = error.err().length() > 200 ? error.err().substring(0, 200) + "…" : error.err();
            return error.ecode() == null ? text : text + ", " + error.ecode();
        } catch (java.io.IOException | RuntimeException notJson) { // an unreadable body: the status alone describes the failure
            return null;
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status ClickUp answered, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** ClickUp's error text and code ({@code err}, {@code ECODE}), when it sent one. */
    public Optional<String> clickUpError() {
        return Optional.ofNullable(clickUpError);
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    Optional<Instant> rateLimitReset() {
        return rateLimitReset;
    }

    boolean transientFailure() {
        return kind == Kind.UNAVAILABLE;
    }
}
