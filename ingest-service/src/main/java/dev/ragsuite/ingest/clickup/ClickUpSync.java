package dev.ragsuite.ingest.clickup;

import dev.ragsuite.common.secrets.SecretDecryptionException;
import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.ConnectorStatus;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.connectors.ConnectorService;
import dev.ragsuite.ingest.connectors.SyncStore;
import dev.ragsuite.ingest.connectors.TokenVault;
import dev.ragsuite.ingest.documents.DocumentService;
import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.ingest.documents.StoredFile;
import dev.ragsuite.ingest.documents.UploadNames;
import dev.ragsuite.ingest.jobs.UploadRegistry;
import dev.ragsuite.vector.api.DocumentSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One sync of one ClickUp connection, run on a sync worker's thread (never an event loop), which waits
 * for each step. It holds the connection by a lease in its row ({@link SyncStore#claim}), so a
 * connection is synced by one worker at a time across replicas, and a worker that dies mid-sync only
 * delays the next one until its lease runs out.
 * <p>
 * The tasks of every list in the connection's scope are read (closed ones and subtasks included,
 * archived ones not) — all of them on a full pass, else only those updated since the start of the
 * latest successful sync ({@code date_updated_gt}, minus an overlap). A task whose {@code date_updated}
 * is the one its document already has is left alone; any other is read with its comments, rendered
 * ({@link TaskDocument}) and registered: a new document, the next version of its document when the
 * rendered bytes changed, or nothing when they did not (no re-embedding). Only a full pass, having seen
 * every task in scope, deletes the documents of tasks no longer there (deleted, archived, or out of
 * scope) by the verified document deletion.
 * <p>
 * A token ClickUp refuses (401) ends the sync as {@code needs_reauth}: the schedule skips the
 * connection until its owner sends a new token, so a revoked token causes no retry storm. Anything
 * else ends it as {@code failed} with the reason; the schedule tries again after the interval.
 */
@ApplicationScoped
public class ClickUpSync {

    private static final Logger LOG = Logger.getLogger(ClickUpSync.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    private static final Duration CLICKUP_WAIT = Duration.ofMinutes(10);

    /** How a sync ended. */
    public enum Outcome {
        DONE, FAILED, NEEDS_REAUTH, SKIPPED, LOST
    }

    /** What became of a task. */
    public enum Change {
        CREATED, UPDATED, UNCHANGED, DELETED
    }

    /** @param askedAgain a sync was asked for while this one ran: enqueue it again */
    public record Result(Outcome outcome, boolean full, Connector.SyncFigures figures, boolean askedAgain) {
    }

    private final SyncStore store;
    private final TokenVault vault;
    private final ClickUpClient clickUp;
    private final DocumentStorage storage;
    private final UploadRegistry registry;
    private final DocumentService documents;
    private final IngestConfig.Connectors config;
    private final MeterRegistry metrics;
    private final Map<Change, Counter> items = new EnumMap<>(Change.class);
    private final Timer duration;

    public ClickUpSync(SyncStore store, TokenVault vault, ClickUpClient clickUp, DocumentStorage storage,
            UploadRegistry registry, DocumentService documents, IngestConfig config, MeterRegistry metrics) {
        this.store = store;
        this.vault = vault;
        this.clickUp = clickUp;
        this.storage = storage;
        this.registry = registry;
        this.documents = documents;
        this.config = config.connectors();
        this.metrics = metrics;
        for (Change change : Change.values()) {
            items.put(change, Counter.builder("rag.connector.sync.items").description("Tasks a connector sync read, by what became of their document")
                    .tag("connector", "clickup").tag("change", change.name().toLowerCase(java.util.Locale.ROOT)).register(metrics));
        }
        this.duration = Timer.builder("rag.connector.sync.duration").description("Time one connector sync took")
                .tag("connector", "clickup").register(metrics);
    }

    /** Runs a sync of the connection if nobody else is; {@code holder} names this worker in the row. */
    public Result run(UUID connectorId, String holder) {
        Optional<SyncStore.Claim> claimed = store.claim(connectorId, holder, config.lease()).await().atMost(DB_WAIT);
        if (claimed.isEmpty()) {
            LOG.debugf("Connection %s is not syncable now (gone, refused by ClickUp, or being synced elsewhere)", connectorId);
            return count(new Result(Outcome.SKIPPED, false, new Connector.SyncFigures(0, 0, 0, 0, 0, 0), false));
        }
        SyncStore.Claim claim = claimed.get();
        Instant now = Instant.now();
        boolean full = claim.fullRequested() || claim.cursor() == null || claim.lastFullSyncAt() == null
                || claim.lastFullSyncAt().isBefore(now.minus(config.fullSyncInterval()));
        long started = System.nanoTime();
        Tally tally = new Tally();
        ConnectorStatus status = ConnectorStatus.IDLE;
        String error = null;
        String token = null;
        try {
            token = vault.open(claim.tokenCiphertext(), claim.connectorId(), claim.ownerId());
            new Pass(claim, holder, token, full, tally).run();
        } catch (LeaseLost e) {
            LOG.infof("Sync of connection %s stopped: %s", connectorId, e.getMessage());
            return count(new Result(Outcome.LOST, full, tally.figures(started), false));
        } catch (SecretDecryptionException e) {
            status = ConnectorStatus.FAILED;
            error = "The stored token of this connection cannot be read (altered, or the keyset lacks its key); "
                    + "send a new token with PATCH {\"token\": …}.";
            LOG.warnf("Sync of connection %s: the stored token does not decrypt: %s", connectorId, e.getMessage());
        } catch (ClickUpException e) {
            String why = ConnectorService.redact(e.getMessage(), token);
            if (e.kind() == ClickUpException.Kind.UNAUTHORIZED) {
                status = ConnectorStatus.NEEDS_REAUTH;
                error = "ClickUp refused this connection's token (" + why + "); syncing stops until a new token is sent"
                        + " with PATCH {\"token\": …}.";
            } else {
                status = ConnectorStatus.FAILED;
                error = "ClickUp: " + why;
            }
            LOG.infof("Sync of connection %s ended %s: %s", connectorId, status.value(), why);
        } catch (RuntimeException e) {
            status = ConnectorStatus.FAILED;
            error = "The sync failed (" + ConnectorService.redact(describe(e), token) + "); it is tried again at the next interval.";
            LOG.warnf(e, "Sync of connection %s failed", connectorId);
        }
        Connector.SyncFigures figures = tally.figures(started);
        Optional<Boolean> again = store.finish(claim, holder, status, error, full, figures).await().atMost(DB_WAIT);
        if (again.isEmpty()) {
            return count(new Result(Outcome.LOST, full, figures, false));
        }
        Outcome outcome = switch (status) {
            case IDLE -> Outcome.DONE;
            case NEEDS_REAUTH -> Outcome.NEEDS_REAUTH;
            default -> Outcome.FAILED;
        };
        if (outcome == Outcome.DONE) {
            LOG.infof("Sync of connection %s (%s) done in %d ms: %d tasks read, %d documents created, %d updated, %d unchanged,"
                    + " %d deleted", connectorId, full ? "full" : "incremental", figures.millis(), figures.tasks(),
                    figures.created(), figures.updated(), figures.unchanged(), figures.deleted());
        }
        duration.record(Duration.ofMillis(figures.millis()));
        return count(new Result(outcome, full, figures, again.get()));
    }

    private Result count(Result result) {
        metrics.counter("rag.connector.syncs", "connector", "clickup", "outcome",
                result.outcome().name().toLowerCase(java.util.Locale.ROOT)).increment();
        return result;
    }

    /** One pass over the connection's scope. */
    private final class Pass {
        private final SyncStore.Claim claim;
        private final String holder;
        private final String token;
        private final boolean full;
        private final Tally tally;
        private long renewedAt = System.nanoTime();

        Pass(SyncStore.Claim claim, String holder, String token, boolean full, Tally tally) {
            this.claim = claim;
            this.holder = holder;
            this.token = token;
            this.full = full;
            this.tally = tally;
        }

        void run() {
            Map<String, SyncStore.Imported> known = new HashMap<>();
            for (SyncStore.Imported doc : store.imported(claim.connectorId(), claim.ownerId()).await().atMost(DB_WAIT)) {
                known.put(doc.externalId(), doc);
            }
            Optional<Instant> since = full ? Optional.empty() : Optional.of(claim.cursor().minus(config.cursorOverlap()));
            List<String> lists = clickUp.listIdsInScope(token, claim.workspaceId(), claim.spaceIds(), claim.listIds())
                    .await().atMost(CLICKUP_WAIT);
            Set<String> seen = new HashSet<>();
            for (String listId : lists) {
                for (ClickUp.Task task : clickUp.tasks(token, listId, since).await().atMost(CLICKUP_WAIT)) {
                    if (task.id() == null || Boolean.TRUE.equals(task.archived()) || !seen.add(task.id())) {
                        continue; // archived: removed by the next full pass; a task in two lists: once
                    }
                    tally.tasks++;
                    tally.add(importTask(task, known.get(task.id())));
                    keepLease();
                }
            }
            if (full) {
                for (SyncStore.Imported doc : known.values()) {
                    if (!seen.contains(doc.externalId())) {
                        deleteDocument(doc.documentId());
                        LOG.infof("Connection %s: task %s is gone from ClickUp (or from the scope); its document %s was deleted",
                                claim.connectorId(), doc.externalId(), doc.documentId());
                        tally.add(Change.DELETED);
                        keepLease();
                    }
                }
            }
        }

        private Change importTask(ClickUp.Task task, SyncStore.Imported known) {
            Instant updated = TaskDocument.updated(task);
            if (known != null && updated != null && updated.equals(known.sourceUpdatedAt()) && !known.failed()) {
                return Change.UNCHANGED; // not edited since it was imported: not even its comments are read
            }
            List<ClickUp.Comment> comments = clickUp.comments(token, task.id()).await().atMost(CLICKUP_WAIT);
            byte[] bytes = TaskDocument.render(task, comments);
            UUID key = UUID.randomUUID();
            StoredFile file;
            try {
                file = storage.store(key, new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("the task's document could not be stored", e);
            }
            String url = task.url() != null && !task.url().isBlank() ? task.url() : "https://app.clickup.com/t/" + task.id();
            UploadRegistry.RegisteredExternal registered;
            try {
                registered = registry.registerExternal(new UploadRegistry.External(claim.ownerId(), claim.connectorId(),
                        DocumentSource.CLICKUP, task.id(), url, UploadNames.safeBaseName(TaskDocument.name(task)),
                        "text/markdown", file.sizeBytes(), file.sha256(), updated, key.toString())).await().atMost(DB_WAIT);
            } catch (RuntimeException e) {
                storage.deleteQuietly(key);
                throw e;
            }
            if (registered.replacedStorageKey() != null) {
                storage.deleteQuietly(UUID.fromString(registered.replacedStorageKey()));
            }
            if (registered.change() == UploadRegistry.Change.UNCHANGED) {
                return Change.UNCHANGED;
            }
            documents.announce(registered.id(), claim.ownerId(), registered.version(), registered.published()).await().atMost(DB_WAIT);
            return registered.change() == UploadRegistry.Change.CREATED ? Change.CREATED : Change.UPDATED;
        }

        /** The verified document deletion, which needs a Vert.x context (Hibernate Reactive): run on one, waited for. */
        private void deleteDocument(UUID documentId) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> documents.delete(claim.ownerId(), documentId));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("deleting document " + documentId + " failed", e);
            }
        }

        /** Renews the lease once a quarter of it has passed; a lease that cannot be renewed stops the pass. */
        private void keepLease() {
            if (System.nanoTime() - renewedAt < config.lease().toNanos() / 4) {
                return;
            }
            if (!store.renew(claim.connectorId(), holder, config.lease()).await().atMost(DB_WAIT)) {
                throw new LeaseLost("the connection was deleted, or another worker took the sync over");
            }
            renewedAt = System.nanoTime();
        }
    }

    /** What one sync did so far. */
    private final class Tally {
        int tasks;
        final Map<Change, Integer> changes = new EnumMap<>(Change.class);

        void add(Change change) {
            changes.merge(change, 1, Integer::sum);
            items.get(change).increment();
        }

        Connector.SyncFigures figures(long startedNanos) {
            return new Connector.SyncFigures(tasks, changes.getOrDefault(Change.CREATED, 0), changes.getOrDefault(Change.UPDATED, 0),
                    changes.getOrDefault(Change.UNCHANGED, 0), changes.getOrDefault(Change.DELETED, 0),
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }

    /** The sync is no longer this worker's. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost(String message) {
            super(message);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
