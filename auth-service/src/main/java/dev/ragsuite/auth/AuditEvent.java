package dev.ragsuite.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One row of the audit trail. Never holds a password or a token. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    public UUID id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String type;

    /** The user the event is about. */
    @Column(name = "user_id")
    public UUID userId;

    /** Who did it, when that is someone else (an admin). */
    @Column(name = "actor_id")
    public UUID actorId;

    @Column(name = "session_id")
    public UUID sessionId;

    public String ip;

    /** A JSON object. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(read = "details::text", write = "?::jsonb")
    public String details;
}
