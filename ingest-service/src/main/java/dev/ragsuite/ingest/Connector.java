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
        long documentsImported) {

    public static final String CLICKUP = "clickup";
}
