package dev.ragsuite.auth.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ragsuite.auth.AuditEvent;
import java.time.Instant;
import java.util.UUID;

/** One audit event as administrators see it; {@code details} is the stored JSON object. */
public record AuditView(UUID id, Instant at, String type, UUID userId, UUID actorId, UUID sessionId, String ip,
        @JsonRawValue String details) {

    static AuditView of(AuditEvent e) {
        return new AuditView(e.id, e.at, e.type, e.userId, e.actorId, e.sessionId, e.ip, e.details);
    }
}
