package dev.ragsuite.gateway;

import dev.ragsuite.gateway.quota.QuotaClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.time.Instant;

/** The quota clock in tests: real time plus an offset a test can move (to tomorrow, say). */
@Alternative
@Priority(1)
@ApplicationScoped
public class ShiftableQuotaClock extends QuotaClock {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant now() {
        return Instant.now().plus(offset);
    }

    public void shift(Duration by) {
        offset = by;
    }
}
