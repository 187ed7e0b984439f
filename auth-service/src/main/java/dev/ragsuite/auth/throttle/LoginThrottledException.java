package dev.ragsuite.auth.throttle;

import dev.ragsuite.common.problem.ProblemException;
import java.time.Duration;

/** A login refused because the account or the client IP is locked: 429 with {@code Retry-After}. */
public class LoginThrottledException extends ProblemException {

    private final Duration retryAfter;

    public LoginThrottledException(String detail, Duration retryAfter) {
        super(429, "Too Many Requests", detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
