package dev.ragsuite.chat.config;

import static java.time.temporal.ChronoUnit.MILLIS;

import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.util.TypeLiteral;

/**
 * Fault-tolerance guards (SmallRye's programmatic API) built from the typed settings of {@link ChatConfig},
 * so a renamed class or method cannot silently drop a configured value. Each guard is built once, by the
 * bean that uses it, and keeps its own circuit breaker.
 */
public final class Guards {

    private Guards() {
    }

    /** A guard for calls of this type: at most {@code timeoutMillis} each, behind a circuit breaker of its own. */
    public static <T> TypedGuard.Builder<T> timeoutAndBreaker(TypeLiteral<T> type, String description,
            long timeoutMillis, ChatConfig.CircuitBreaker breaker) {
        return TypedGuard.create(type)
                .withDescription(description)
                .withTimeout().duration(timeoutMillis, MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delayMillis(), MILLIS)
                .successThreshold(breaker.successThreshold())
                .done();
    }
}
