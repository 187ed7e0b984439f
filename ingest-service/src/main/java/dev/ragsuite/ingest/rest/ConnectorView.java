package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.ConnectorStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connection as its owner sees it: never the token, only {@code tokenHint} (its last four
 * characters). {@code sync} says plainly that importing is not built yet.
 */
public record ConnectorView(UUID id, String type, ConnectorStatus status, String tokenHint, Scope scope,
        String externalUser, Instant createdAt, Instant updatedAt, Instant lastSyncAt, String lastError,
        long documentsImported, Sync sync) {

    /** What the connection covers: a workspace, and optionally some of its spaces or lists. */
    public record Scope(String workspaceId, List<String> spaceIds, List<String> listIds) {
    }

    /** Whether the connection imports anything yet. */
    public record Sync(boolean available, String detail) {
    }

    static final Sync NOT_BUILT = new Sync(false,
            "Importing from ClickUp is not built yet: the connection is stored and checked, no task is imported (docs/connectors.md).");

    static ConnectorView of(Connector c) {
        return new ConnectorView(c.id(), c.type(), c.status(), c.tokenHint(),
                new Scope(c.workspaceId(), c.spaceIds(), c.listIds()), c.externalUser(), c.createdAt(), c.updatedAt(),
                c.lastSyncAt(), c.lastError(), c.documentsImported(), NOT_BUILT);
    }
}
