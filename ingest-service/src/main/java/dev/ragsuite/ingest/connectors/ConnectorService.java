package dev.ragsuite.ingest.connectors;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.secrets.SecretDecryptionException;
import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.ConnectorStatus;
import dev.ragsuite.ingest.clickup.ClickUp;
import dev.ragsuite.ingest.clickup.ClickUpClient;
import dev.ragsuite.ingest.clickup.ClickUpException;
import dev.ragsuite.ingest.documents.DocumentService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A user's connections, each scoped to its owner (another user's connection is indistinguishable
 * from a missing one). A token is checked against ClickUp before it is stored, stored only
 * encrypted ({@link TokenVault}), and never returned, logged or put in an error.
 */
@ApplicationScoped
public class ConnectorService {

    private static final Logger LOG = Logger.getLogger(ConnectorService.class);

    private final ConnectorStore store;
    private final TokenVault vault;
    private final ClickUpClient clickUp;
    private final DocumentService documents;
    private final SyncStore syncs;
    private final SyncQueue queue;

    public ConnectorService(ConnectorStore store, TokenVault vault, ClickUpClient clickUp, DocumentService documents,
            SyncStore syncs, SyncQueue queue) {
        this.syncs = syncs;
        this.queue = queue;
        this.store = store;
        this.vault = vault;
        this.clickUp = clickUp;
        this.documents = documents;
    }

    /** A checked request for a new connection. */
    public record NewConnection(String type, String token, String workspaceId, List<String> spaceIds, List<String> listIds) {
    }

    /** A checked change: any of a new token, workspace or lists (null: unchanged). */
    public record Change(String token, String workspaceId, List<String> spaceIds, List<String> listIds) {
    }

    /** What a deletion removed. */
    public record Deleted(UUID id, int documentsDeleted, int documentsKept) {
    }

    public Uni<Connector> create(String ownerId, NewConnection request) {
        return check(request.token(), request.workspaceId()).chain(user -> {
            UUID id = UUID.randomUUID();
            byte[] sealed = vault.seal(request.token(), id, ownerId);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Connector connector = new Connector(id, ownerId, Connector.CLICKUP, request.workspaceId(), request.spaceIds(),
                    request.listIds(), sealed, TokenVault.keyIdOf(sealed), TokenVault.hint(request.token()), user,
                    ConnectorStatus.IDLE, null, null, now, now, 0, Connector.Sync.NEVER);
            return store.insert(connector)
                    .invoke(() -> LOG.infof("Connection %s to ClickUp workspace %s created", id, request.workspaceId()))
                    .chain(() -> get(ownerId, id));
        });
    }

    public Uni<List<Connector>> list(String ownerId, int page, int size) {
        return store.listOwned(ownerId, page, size);
    }

    public Uni<Long> count(String ownerId) {
        return store.countOwned(ownerId);
    }

    public Uni<Connector> get(String ownerId, UUID id) {
        return store.findOwned(id, ownerId).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /**
     * Saves a new token or scope. A new token is checked against ClickUp first (and clears
     * {@code needs_reauth}); a new workspace is checked with the token the connection will use.
     */
    public Uni<Connector> change(String ownerId, UUID id, Change change) {
        return get(ownerId, id).chain(current -> {
            String workspace = change.workspaceId() != null ? change.workspaceId() : current.workspaceId();
            List<String> spaces = change.spaceIds() != null ? change.spaceIds() : current.spaceIds();
            List<String> lists = change.listIds() != null ? change.listIds() : current.listIds();
            boolean newToken = change.token() != null;
            boolean recheck = newToken || !workspace.equals(current.workspaceId());
            String token = newToken ? change.token() : recheck ? storedToken(current) : null;
            Uni<Optional<String>> checked = recheck ? check(token, workspace).map(Optional::ofNullable)
                    : Uni.createFrom().item(Optional.empty());
            return checked.chain(user -> {
                byte[] sealed = newToken ? vault.seal(token, id, ownerId) : null;
                return store.update(id, ownerId, workspace, spaces, lists, sealed, sealed == null ? null : TokenVault.keyIdOf(sealed),
                        newToken ? TokenVault.hint(token) : null, user.orElse(current.externalUser()));
            }).chain(updated -> updated ? get(ownerId, id) : Uni.createFrom().failure(notFound(id)));
        });
    }

    /**
     * Deletes the connection; first, unless {@code keepDocuments}, every document imported through it,
     * each by the verified document deletion (index, row, bytes). A document that cannot be deleted
     * stops the deletion (503) with the connection still there, so it can be retried.
     */
    public Uni<Deleted> delete(String ownerId, UUID id, boolean keepDocuments) {
        return get(ownerId, id)
                .chain(connector -> store.documentsOf(id, ownerId))
                .chain(ids -> {
                    Uni<Integer> removed = Uni.createFrom().item(0);
                    if (!keepDocuments) {
                        for (UUID documentId : ids) {
                            removed = removed.chain(n -> documents.delete(ownerId, documentId).map(outcome -> n + 1));
                        }
                    }
                    return removed.chain(n -> store.delete(id, ownerId)
                            .map(deleted -> new Deleted(id, n, keepDocuments ? ids.size() : 0)));
                });
    }

    /**
     * Asks for a sync of the connection now ({@code full}: a full pass, which also removes what was deleted in
     * ClickUp) and returns it with the request recorded. A connection ClickUp refused answers 409 until it gets
     * a new token. If the stream refuses the entry the request stays recorded and the schedule asks again.
     */
    public Uni<Connector> requestSync(String ownerId, UUID id, boolean full) {
        return syncs.request(id, ownerId, full).chain(asked -> switch (asked) {
            case NO_SUCH_CONNECTION -> Uni.createFrom().failure(notFound(id));
            case NEEDS_REAUTH -> Uni.createFrom().failure(ProblemException.conflict("ClickUp refused this connection's"
                    + " token, so it is not synced; send a new token with PATCH /api/connectors/" + id + " {\"token\": …} first."));
            case ASKED -> queue.enqueue(id, ownerId)
                    .onFailure().invoke(e -> LOG.warnf("Could not enqueue the sync of connection %s (the schedule will): %s",
                            id, e.getMessage()))
                    .onFailure().recoverWithNull()
                    .chain(() -> get(ownerId, id));
        });
    }

    /**
     * Asks ClickUp who the token belongs to and whether it reaches the workspace: a refused token or
     * an unreachable workspace is a 422 problem naming why; ClickUp being unreachable a 503.
     */
    private Uni<String> check(String token, String workspaceId) {
        return clickUp.user(token)
                .chain(user -> clickUp.workspaces(token).map(teams -> {
                    if (teams.stream().noneMatch(t -> workspaceId.equals(t.id()))) {
                        throw new ProblemException(422, "Unprocessable Content", "This ClickUp token has no access to workspace "
                                + workspaceId + "; it reaches " + (teams.isEmpty() ? "no workspace"
                                        : "workspace(s) " + String.join(", ", teams.stream().map(ClickUp.Team::id).toList())) + ".");
                    }
                    return user == null ? null : user.username();
                }))
                .onFailure(ClickUpException.class).transform(e -> refused((ClickUpException) e, token));
    }

    private String storedToken(Connector connector) {
        try {
            return vault.open(connector.tokenCiphertext(), connector.id(), connector.ownerId());
        } catch (SecretDecryptionException e) {
            LOG.warnf("The stored token of connection %s does not decrypt: %s", connector.id(), e.getMessage());
            throw ProblemException.conflict("The stored token of this connection cannot be read (it was altered, or"
                    + " belongs to another connection); send a new token with PATCH {\"token\": …}.");
        }
    }

    private static ProblemException refused(ClickUpException e, String token) {
        String why = redact(e.getMessage(), token);
        return switch (e.kind()) {
            case UNAUTHORIZED -> new ProblemException(422, "Unprocessable Content",
                    "ClickUp refused this token: " + why + ". Create a new personal token in ClickUp (Settings → Apps) and try again.");
            case REJECTED -> new ProblemException(422, "Unprocessable Content", "ClickUp refused the check of this token: " + why + ".");
            case RATE_LIMITED -> new ProblemException(503, "Service Unavailable",
                    "ClickUp's rate limit for this token is reached; try again in a minute.");
            case UNAVAILABLE -> new ProblemException(503, "Service Unavailable",
                    "ClickUp could not be reached to check the token (" + why + "); nothing was saved. Try again shortly.");
        };
    }

    /** ClickUp's own error text could in theory quote what it was sent; the token never goes further. */
    public static String redact(String text, String token) {
        return text == null || token == null || token.isEmpty() ? text : text.replace(token, TokenVault.hint(token));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No connection " + id + ".");
    }
}
