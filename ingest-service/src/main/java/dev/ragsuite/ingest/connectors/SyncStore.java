package dev.ragsuite.ingest.connectors;

import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.ConnectorStatus;
import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The sync state of connections ({@code V5__connector_sync.sql}): which are due, who holds a running
 * sync (one per connection across replicas, by a lease in the row), and what the latest one did. Every
 * change is one conditional UPDATE, so replicas never need to agree on anything else.
 */
@ApplicationScoped
public class SyncStore {

    private final Pool db;
    private final String connectors;
    private final String documents;
    private final String runs;

    public SyncStore(Pool db, IngestConfig config) {
        this.db = db;
        this.runs = config.db().schema() + ".connector_sync_runs";
        this.connectors = config.db().schema() + ".connectors";
        this.documents = config.db().schema() + ".documents";
    }

    /** A connection a sync was asked for. */
    public record Requested(UUID connectorId, String ownerId) {
    }

    /**
     * Marks, and returns, up to {@code limit} connections due for a sync: not refused by ClickUp, not
     * running, and either never synced, or last started at least {@code interval} ago, or asked for so
     * long ago ({@code staleAfter}) that the stream entry must have been lost. {@code SKIP LOCKED}: two
     * replicas' schedules never mark the same row.
     */
    public Uni<List<Requested>> markDue(Duration interval, Duration staleAfter, int limit) {
        return db.preparedQuery("update " + connectors + " c set sync_requested_at = now() where c.id in (select id from "
                        + connectors + " where status <> 'needs_reauth' and (sync_lease_until is null or sync_lease_until < now())"
                        + " and ((sync_requested_at is null and (sync_started_at is null or sync_started_at < now() - ($1::bigint * interval '1 millisecond')))"
                        + " or sync_requested_at < now() - ($2::bigint * interval '1 millisecond'))"
                        + " order by sync_started_at nulls first limit $3 for update skip locked) returning c.id, c.owner_id")
                .execute(Tuple.of(interval(interval), interval(staleAfter), limit))
                .map(rows -> {
                    List<Requested> due = new ArrayList<>();
                    rows.forEach(r -> due.add(new Requested(r.getUUID(0), r.getString(1))));
                    return due;
                });
    }

    /**
     * Asks for a sync of the owner's connection now (a full pass if {@code full}); false when there is no such
     * connection. A connection ClickUp refused is not asked: {@link Asked#NEEDS_REAUTH}.
     */
    public Uni<Asked> request(UUID id, String ownerId, boolean full) {
        return db.preparedQuery("update " + connectors + " set sync_requested_at = now(),"
                        + " sync_full_requested = sync_full_requested or $3 where id = $1 and owner_id = $2"
                        + " and status <> 'needs_reauth' returning id")
                .execute(Tuple.of(id, ownerId, full))
                .chain(rows -> rows.rowCount() == 1 ? Uni.createFrom().item(Asked.ASKED)
                        : db.preparedQuery("select status from " + connectors + " where id = $1 and owner_id = $2")
                                .execute(Tuple.of(id, ownerId))
                                .map(found -> found.rowCount() == 0 ? Asked.NO_SUCH_CONNECTION : Asked.NEEDS_REAUTH));
    }

    public enum Asked {
        ASKED, NO_SUCH_CONNECTION, NEEDS_REAUTH
    }

    /** A sync this worker holds: what it needs to run it. */
    public record Claim(UUID connectorId, String ownerId, String workspaceId, List<String> spaceIds, List<String> listIds,
            byte[] tokenCiphertext, boolean fullRequested, Instant cursor, Instant lastFullSyncAt, Instant startedAt) {
    }

    /**
     * Starts a sync of the connection if nobody holds one (or the holder's lease ran out): status
     * {@code syncing}, this {@code holder}, a lease; the request is consumed. Empty when the connection is
     * gone, refused by ClickUp, or being synced by someone else.
     */
    public Uni<Optional<Claim>> claim(UUID id, String holder, Duration lease) {
        return db.preparedQuery("with old as (select id, sync_full_requested from " + connectors + " where id = $1"
                        + " and status <> 'needs_reauth' and (sync_lease_until is null or sync_lease_until < now()) for update)"
                        + " update " + connectors + " c set status = 'syncing', sync_holder = $2,"
                        + " sync_lease_until = now() + ($3::bigint * interval '1 millisecond'), sync_started_at = now(), sync_requested_at = null,"
                        + " sync_full_requested = false from old where c.id = old.id returning c.id, c.owner_id, c.workspace_id,"
                        + " c.space_ids, c.list_ids, c.token_ciphertext, old.sync_full_requested, c.sync_cursor,"
                        + " c.last_full_sync_at, c.sync_started_at")
                .execute(Tuple.of(id, holder, interval(lease)))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<Claim>empty();
                    }
                    Row r = it.next();
                    return Optional.of(new Claim(r.getUUID(0), r.getString(1), r.getString(2),
                            ConnectorStore.split(r.getString(3)), ConnectorStore.split(r.getString(4)),
                            r.getBuffer(5).getBytes(), r.getBoolean(6), instant(r.getOffsetDateTime(7)),
                            instant(r.getOffsetDateTime(8)), instant(r.getOffsetDateTime(9))));
                });
    }

    /** Extends the holder's lease; false when the sync is no longer its own (connection deleted or lease lost). */
    public Uni<Boolean> renew(UUID id, String holder, Duration lease) {
        return db.preparedQuery("update " + connectors + " set sync_lease_until = now() + ($3::bigint * interval '1 millisecond')"
                        + " where id = $1 and sync_holder = $2 and status = 'syncing'")
                .execute(Tuple.of(id, holder, interval(lease))).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Ends the holder's sync. {@code status} is {@code idle} after a success (the cursor moves to the
     * sync's start), {@code failed} or {@code needs_reauth} with the reason otherwise. Returns whether a
     * sync was asked for while this one ran (it should be enqueued again at once); empty when the
     * sync was no longer this holder's.
     */
    public Uni<Optional<Boolean>> finish(Claim claim, String holder, ConnectorStatus status, String error, boolean full,
            Connector.SyncFigures figures) {
        boolean ok = status == ConnectorStatus.IDLE;
        OffsetDateTime started = OffsetDateTime.ofInstant(claim.startedAt(), java.time.ZoneOffset.UTC);
        return db.withTransaction(c -> c.preparedQuery("update " + connectors + " set status = $3, last_error = $4,"
                        + " sync_holder = null, sync_lease_until = null, updated_at = now(),"
                        + " last_sync_at = case when $5 then now() else last_sync_at end,"
                        + " sync_cursor = case when $5 then $6 else sync_cursor end,"
                        + " last_full_sync_at = case when $5 and $7 then $6 else last_full_sync_at end,"
                        + " last_sync_tasks = $8, last_sync_created = $9, last_sync_updated = $10, last_sync_unchanged = $11,"
                        + " last_sync_deleted = $12, last_sync_ms = $13"
                        + " where id = $1 and sync_holder = $2 returning sync_requested_at is not null, owner_id")
                .execute(Tuple.tuple(java.util.Arrays.asList(claim.connectorId(), holder, status.value(), error, ok,
                        started, full, figures.tasks(), figures.created(), figures.updated(), figures.unchanged(),
                        figures.deleted(), figures.millis())))
                .chain(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().item(Optional.<Boolean>empty());
                    }
                    Row row = it.next();
                    return c.preparedQuery("insert into " + runs + " (connector_id, owner_id, started_at, ended_at, full_pass,"
                                    + " outcome, tasks, created, updated, unchanged, deleted, error)"
                                    + " values ($1, $2, $3, now(), $4, $5, $6, $7, $8, $9, $10, $11)")
                            .execute(Tuple.tuple(java.util.Arrays.asList(claim.connectorId(), row.getString(1), started, full,
                                    status.value(), figures.tasks(), figures.created(), figures.updated(), figures.unchanged(),
                                    figures.deleted(), error)))
                            .replaceWith(Optional.of(row.getBoolean(0)));
                }));
    }

    /** Forgets finished syncs older than {@code keep} (the schedule's housekeeping). */
    public Uni<Integer> pruneRuns(Duration keep) {
        return db.preparedQuery("delete from " + runs + " where ended_at < now() - ($1::bigint * interval '1 millisecond')")
                .execute(Tuple.of(interval(keep))).map(rows -> rows.rowCount());
    }

    /**
     * The connection's documents: the id of their original (a ClickUp task id), the original's last-change date
     * they were made from, and whether their ingestion failed (then they are made again).
     */
    public Uni<List<Imported>> imported(UUID connectorId, String ownerId) {
        return db.preparedQuery("select id, source_external_id, source_updated_at, status = 'failed' from " + documents
                        + " where connector_id = $1 and owner_id = $2 and source_external_id is not null")
                .execute(Tuple.of(connectorId, ownerId))
                .map(rows -> {
                    List<Imported> all = new ArrayList<>();
                    rows.forEach(r -> all.add(new Imported(r.getUUID(0), r.getString(1), instant(r.getOffsetDateTime(2)),
                            r.getBoolean(3))));
                    return all;
                });
    }

    public record Imported(UUID documentId, String externalId, Instant sourceUpdatedAt, boolean failed) {
    }

    /** Connections by status (all owners): the gauges. */
    public Uni<java.util.Map<String, Long>> countByStatus() {
        return db.query("select status, count(*) from " + connectors + " group by status").execute()
                .map(rows -> {
                    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
                    rows.forEach(r -> counts.put(r.getString(0), r.getLong(1)));
                    return counts;
                });
    }

    /** A duration as the milliseconds the SQL multiplies {@code interval '1 millisecond'} by. */
    private static long interval(Duration d) {
        return d.toMillis();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
