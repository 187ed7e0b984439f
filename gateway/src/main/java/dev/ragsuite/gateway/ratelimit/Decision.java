package dev.ragsuite.gateway.ratelimit;

/**
 * One rate-limit answer.
 *
 * @param allowed whether the request may pass
 * @param limit requests the budget allows back to back (its burst)
 * @param remaining requests still allowed right now after this one
 * @param resetSeconds seconds until the budget is full again
 * @param retryAfterSeconds when refused: seconds until one request will be allowed
 * @param local whether the per-instance fallback decided (Redis unreachable)
 */
public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds, boolean local) {
}
