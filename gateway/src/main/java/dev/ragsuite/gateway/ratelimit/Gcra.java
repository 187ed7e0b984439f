package dev.ragsuite.gateway.ratelimit;

import dev.ragsuite.gateway.config.GatewayConfig;

/**
 * The generic cell rate algorithm, the same one the Redis script runs: a budget of
 * {@code limit} per {@code period} is one request every {@code T = period / limit}; a key keeps
 * only its "theoretical arrival time" (TAT), and a request is allowed when it would not push the
 * TAT more than {@code burst × T} past now. One number per key, no windows, no edge bursts.
 */
public final class Gcra {

    /** A budget in the units the algorithm uses (milliseconds). */
    public record Rate(double intervalMillis, int burst) {

        public static Rate of(GatewayConfig.Budget budget) {
            int limit = Math.max(1, budget.limit());
            int burst = Math.max(1, budget.burst().orElse(limit));
            return new Rate((double) budget.period().toMillis() / limit, burst);
        }

        double toleranceMillis() {
            return intervalMillis * burst;
        }
    }

    /** The outcome plus the key's new TAT (unchanged when refused). */
    public record Step(Decision decision, double newTat) {
    }

    private Gcra() {
    }

    /**
     * @param tat the key's stored TAT, or NaN for a key never seen
     * @param now the current time in milliseconds
     */
    public static Step step(double tat, double now, Rate rate, boolean local) {
        double base = Double.isNaN(tat) || tat < now ? now : tat;
        double newTat = base + rate.intervalMillis();
        double allowAt = newTat - rate.toleranceMillis();
        if (now < allowAt) {
            long retry = (long) Math.ceil((allowAt - now) / 1000.0);
            long reset = (long) Math.ceil((base - now) / 1000.0);
            return new Step(new Decision(false, rate.burst(), 0, reset, Math.max(1, retry), local), base);
        }
        int remaining = (int) Math.floor((now - allowAt) / rate.intervalMillis());
        long reset = (long) Math.ceil((newTat - now) / 1000.0);
        return new Step(new Decision(true, rate.burst(), Math.max(0, remaining), reset, 0, local), newTat);
    }
}
