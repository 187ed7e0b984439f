package dev.ragsuite.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's connection to a third-party system whose content ingest imports (ClickUp). Its token
 * exists here only as a ciphertext ({@code connectors.TokenVault}); {@code tokenHint} is its last
 * four characters, the only part of it ever shown.
 */
public record Connector(UUID id, String ownerId, String type, String workspaceId, List<String> spaceIds,
        List<String> listIds, byte[] tokenCiphertext, long tokenKeyId, String tokenHint, String externalUser,
        ConnectorStatus status, Instant lastSyncAt, String lastError, Instant createdAt, Instant updatedAt,
        long documentsImported, Sync sync) {

    public static final String CLICKUP = "clickup";

    /**
     * Where the connection's syncing stands: a sync asked for (and whether as a full pass), the latest one's
     * start, the latest full pass, and what the latest finished sync did (null before the first).
     */
    public record Sync(Instant requestedAt, boolean fullRequested, Instant startedAt, Instant lastFullSyncAt,
            SyncFigures last) {
        public static final Sync NEVER = new Sync(null, false, null, null, null);
    }

    /** What a sync did: tasks read, documents created, new versions, unchanged, deleted; how long it took. */
    public record SyncFigures(int tasks, int created, int updated, int unchanged, int deleted, long millis) {
    }
}
