package dev.ragsuite.auth.audit;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.repository.AuditRepository;
import dev.ragsuite.auth.repository.SessionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes ended sessions (with their refresh tokens, by the foreign key's cascade) and audit
 * events once they are past their retention ({@code rag.auth.retention.*}), so neither table
 * grows without bound. Every replica runs it; a second delete of the same rows deletes nothing.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /** What one run deleted. */
    public record Purged(long sessions, long auditEvents) {
    }

    private final SessionRepository sessions;
    private final AuditRepository audit;
    private final AuthConfig config;
    private final Counter purgedSessions;
    private final Counter purgedAuditEvents;

    public RetentionPurge(SessionRepository sessions, AuditRepository audit, AuthConfig config, MeterRegistry registry) {
        this.sessions = sessions;
        this.audit = audit;
        this.config = config;
        this.purgedSessions = Counter.builder("rag.auth.purged").tag("table", "sessions")
                .description("Rows deleted by the retention purge").register(registry);
        this.purgedAuditEvents = Counter.builder("rag.auth.purged").tag("table", "audit_events")
                .description("Rows deleted by the retention purge").register(registry);
    }

    @Scheduled(identity = "auth-retention-purge", every = "${rag.auth.retention.purge-interval}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now())
                .onFailure().invoke(error -> LOG.warnf("Retention purge failed (next run in %s): %s",
                        config.retention().purgeInterval(), error.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes what is past retention at {@code now}. */
    public Uni<Purged> purge(Instant now) {
        AuthConfig.Retention retention = config.retention();
        Instant endedBefore = now.minus(retention.endedSessions());
        // idle sessions end idleTimeout after their last use, and are kept for the retention after that
        Instant idleBefore = endedBefore.minus(config.session().idleTimeout());
        Instant auditBefore = now.minus(retention.auditEvents());
        return Panache.withTransaction(() -> sessions.delete(
                        "revokedAt < ?1 or expiresAt < ?1 or lastUsedAt < ?2", endedBefore, idleBefore)
                .flatMap(s -> audit.delete("at < ?1", auditBefore).map(a -> new Purged(s, a))))
                .invoke(purged -> {
                    purgedSessions.increment(purged.sessions());
                    purgedAuditEvents.increment(purged.auditEvents());
                    if (purged.sessions() + purged.auditEvents() > 0) {
                        LOG.infof("Retention purge deleted %d ended sessions and %d audit events",
                                purged.sessions(), purged.auditEvents());
                    }
                });
    }
}
