package dev.ragsuite.auth.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.auth.AuditEvent;
import dev.ragsuite.auth.repository.AuditRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Records security events twice: a row in {@code audit_events} (the durable trail admins read)
 * and an entry on {@value AuthEvents#STREAM} (what other services react to). Callers never pass
 * passwords or tokens; {@code details} holds small facts such as a role or a key name.
 */
@ApplicationScoped
public class AuditLog {

    private final AuditRepository audit;
    private final AuthEvents events;
    private final ObjectMapper json;

    public AuditLog(AuditRepository audit, AuthEvents events, ObjectMapper json) {
        this.audit = audit;
        this.events = events;
        this.json = json;
    }

    /** One event; build it with {@link #event(AuditType)}. */
    public Uni<Void> record(Entry entry) {
        AuditEvent row = new AuditEvent();
        row.id = UUID.randomUUID();
        row.at = Instant.now();
        row.type = entry.type.value();
        row.userId = entry.userId;
        row.actorId = entry.actorId;
        row.sessionId = entry.sessionId;
        row.ip = entry.ip;
        row.details = toJson(entry.details);
        return Panache.withTransaction(() -> audit.persist(row))
                .chain(() -> events.publish(streamFields(row)));
    }

    public static Entry event(AuditType type) {
        return new Entry(type);
    }

    private static Map<String, String> streamFields(AuditEvent row) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", row.type);
        fields.put("at", row.at.toString());
        if (row.userId != null) {
            fields.put("userId", row.userId.toString());
        }
        if (row.sessionId != null) {
            fields.put("sessionId", row.sessionId.toString());
        }
        if (row.actorId != null) {
            fields.put("actorId", row.actorId.toString());
        }
        if (row.ip != null) {
            fields.put("ip", row.ip);
        }
        return fields;
    }

    private String toJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serialisable", e);
        }
    }

    /** A fluent description of one event. */
    public static final class Entry {

        private final AuditType type;
        private UUID userId;
        private UUID actorId;
        private UUID sessionId;
        private String ip;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Entry(AuditType type) {
            this.type = type;
        }

        public Entry user(UUID id) {
            this.userId = id;
            return this;
        }

        public Entry actor(UUID id) {
            this.actorId = id;
            return this;
        }

        public Entry session(UUID id) {
            this.sessionId = id;
            return this;
        }

        public Entry ip(String address) {
            this.ip = address;
            return this;
        }

        public Entry detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }
    }
}
