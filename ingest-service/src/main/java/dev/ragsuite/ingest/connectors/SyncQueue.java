package dev.ragsuite.ingest.connectors;

import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.streams.StreamAppender;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * Puts syncs on the {@code rag:connectors:sync} stream. An entry only says "look at this connection":
 * its row ({@link SyncStore}) decides whether a sync runs, so a duplicate entry is harmless and a lost
 * one is asked for again by the schedule.
 */
@ApplicationScoped
public class SyncQueue {

    static final String CONNECTOR_ID = "connectorId";
    static final String OWNER_ID = "ownerId";
    /** Far above any number of connections waiting at once; PostgreSQL knows what is due anyway. */
    static final long MAX_LENGTH = 10_000;

    private final StreamAppender streams;
    private final String key;

    public SyncQueue(StreamAppender streams, IngestConfig config) {
        this.streams = streams;
        this.key = config.connectors().stream();
    }

    public Uni<String> enqueue(UUID connectorId, String ownerId) {
        return streams.append(key, MAX_LENGTH, Map.of(CONNECTOR_ID, connectorId.toString(), OWNER_ID, ownerId));
    }

    /** @throws IllegalArgumentException for an entry that is not a sync of ours */
    static UUID connectorOf(Map<String, String> fields) {
        String id = fields.get(CONNECTOR_ID);
        if (id == null) {
            throw new IllegalArgumentException("sync entry without connectorId: " + fields.keySet());
        }
        return UUID.fromString(id);
    }
}
