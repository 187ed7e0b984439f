package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.ConnectorStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connection as its owner sees it: never the token, only {@code tokenHint} (its last four
 * characters), and where its syncing stands ({@link Connector.Sync}).
 */
public record ConnectorView(UUID id, String type, ConnectorStatus status, String tokenHint, Scope scope,
        String externalUser, Instant createdAt, Instant updatedAt, Instant lastSyncAt, String lastError,
        long documentsImported, Connector.Sync sync) {

    /** What the connection covers: a workspace, and optionally some of its spaces or lists. */
    public record Scope(String workspaceId, List<String> spaceIds, List<String> listIds) {
    }

    static ConnectorView of(Connector c) {
        return new ConnectorView(c.id(), c.type(), c.status(), c.tokenHint(),
                new Scope(c.workspaceId(), c.spaceIds(), c.listIds()), c.externalUser(), c.createdAt(), c.updatedAt(),
                c.lastSyncAt(), c.lastError(), c.documentsImported(), c.sync() == null ? Connector.Sync.NEVER : c.sync());
    }
}
