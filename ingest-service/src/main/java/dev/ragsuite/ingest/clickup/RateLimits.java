package dev.ragsuite.ingest.clickup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * ClickUp's rate limits as its answers announce them: {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}
 * and {@code X-RateLimit-Reset} (Unix seconds when the window resets), and {@code Retry-After} on a 429.
 * Limits are per token, so the pause a token's answers ask for is kept per token (by a fingerprint,
 * never the token itself) and the next call with that token waits it out.
 */
final class RateLimits {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    static final String RETRY_AFTER = "Retry-After";

    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    /** How long a call with this token should wait before it is sent (zero: now). */
    Duration waitFor(String tokenFingerprint, Instant now) {
        Instant until = pausedUntil.get(tokenFingerprint);
        if (until == null || !until.isAfter(now)) {
            pausedUntil.remove(tokenFingerprint, until);
            return Duration.ZERO;
        }
        return Duration.between(now, until);
    }

    /** Remembers a successful answer's headers: none remaining means pause until the reset. */
    void observe(String tokenFingerprint, Function<String, String> headers) {
        Optional<Long> remaining = number(headers.apply(REMAINING));
        if (remaining.isPresent() && remaining.get() <= 0) {
            reset(headers).ifPresent(at -> pausedUntil.put(tokenFingerprint, at));
        }
    }

    /** Remembers a pause a 429 asked for. */
    void pause(String tokenFingerprint, Instant until) {
        pausedUntil.merge(tokenFingerprint, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    static Optional<Duration> retryAfter(Function<String, String> headers) {
        return number(headers.apply(RETRY_AFTER)).filter(s -> s >= 0).map(Duration::ofSeconds);
    }

    static Optional<Instant> reset(Function<String, String> headers) {
        return number(headers.apply(RESET)).filter(s -> s > 0).map(Instant::ofEpochSecond);
    }

    private static Optional<Long> number(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of((long) Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
