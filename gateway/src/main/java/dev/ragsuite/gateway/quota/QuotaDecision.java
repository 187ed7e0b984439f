package dev.ragsuite.gateway.quota;

/**
 * One quota answer.
 *
 * @param allowed whether the request fits in what is left of today's quota
 * @param used units used today (including this request when allowed)
 * @param limit units per UTC day
 * @param secondsUntilReset seconds to the next UTC midnight, when the quota starts afresh
 */
public record QuotaDecision(boolean allowed, long used, long limit, long secondsUntilReset) {
}
