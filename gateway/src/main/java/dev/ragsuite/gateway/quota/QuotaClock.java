package dev.ragsuite.gateway.quota;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The time daily quotas go by (UTC days). A bean of its own so tests can move to tomorrow. */
@ApplicationScoped
public class QuotaClock {

    public Instant now() {
        return Instant.now();
    }
}
