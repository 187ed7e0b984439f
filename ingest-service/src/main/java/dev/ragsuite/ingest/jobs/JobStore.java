package dev.ragsuite.ingest.jobs;

import dev.ragsuite.common.reactive.VertxContexts;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.vector.api.DocumentSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The truth about ingestion jobs, kept in the {@code documents} rows (one job per document version),
 * read and changed with the reactive PostgreSQL client (the pool Hibernate Reactive uses too).
 * Every transition is one conditional UPDATE (or a short transaction holding the row lock), so
 * any number of workers and reconcilers in any number of replicas can run at once: whoever's
 * UPDATE matches the row's current state wins, everybody else sees 0 rows and moves on.
 * Times are the database's clock ({@code now()}), never a replica's. A failure of the database
 * comes back as {@link JobStoreException}.
 */
@ApplicationScoped
public class JobStore {

    /** A job a worker now holds: the row was moved to {@code processing} with a lease. */
    public record Claim(UUID documentId, int version, String ownerId, String name, String contentType,
            String storageKey, int attempts, DocumentSource source, boolean published) {

        /** The same job once its bytes were fetched and sniffed (URL imports). */
        public Claim withContentType(String type) {
            return new Claim(documentId, version, ownerId, name, type, storageKey, attempts, source, published);
        }
    }

    /** A row the reconciler just re-enqueued ({@code status = queued}) or gave up on ({@code failed}). */
    public record Reconciled(UUID documentId, int version, String ownerId, String status, int attempts, String reason) {
    }

    /** What became of a job whose attempt failed. */
    public record RetryDecision(boolean willRetry, int attempts, Instant nextAttemptAt) {
    }

    private final Pool db;
    private final String table;

    public JobStore(Pool db, IngestConfig config) {
        this.db = db;
        this.table = config.db().schema() + ".documents";
    }

    /**
     * Claims a queued job (or one whose worker's lease expired) for this worker.
     *
     * @return empty when the row is gone, is of another version, is held by a live worker, is
     *         finished, or its retry is not due yet
     */
    public Uni<Optional<Claim>> claim(UUID id, int version, Duration lease) {
        String sql = "update " + table + " set status = 'processing', attempts = attempts + 1,"
                + " lease_until = now() + " + MILLIS + ", started_at = now(), updated_at = now(),"
                + " progress_done = 0, progress_total = 0"
                + " where id = $2 and version = $3 and next_attempt_at <= now()"
                + " and (status = 'queued' or (status = 'processing' and lease_until < now()))"
                + " returning owner_id, name, content_type, storage_key, attempts,"
                + " source_type, source_external_id, source_url, published";
        return first(sql, Tuple.of(lease.toMillis(), id, version))
                .map(row -> row.map(r -> new Claim(id, version, r.getString(0), r.getString(1), r.getString(2),
                        r.getString(3), r.getInteger(4), new DocumentSource(r.getString(5), r.getString(6), r.getString(7)),
                        r.getBoolean(8))));
    }

    /**
     * Records what a URL import fetched: its sniffed type, size and hash (the content key stays the address's).
     *
     * @return false when the job is no longer ours (deleted, superseded)
     */
    public Uni<Boolean> recordFetched(UUID id, int version, String contentType, long sizeBytes, String sha256) {
        String sql = "update " + table + " set content_type = $3, size_bytes = $4, sha256 = $5, updated_at = now()"
                + " where id = $1 and version = $2 and status = 'processing'";
        return updatedOne(sql, Tuple.of(id, version, contentType, sizeBytes, sha256));
    }

    /** Records progress and extends the lease. @return false when the job is no longer ours (deleted, superseded) */
    public Uni<Boolean> progress(UUID id, int version, int done, int total, Duration lease) {
        String sql = "update " + table + " set progress_done = $4, progress_total = $5,"
                + " lease_until = now() + " + MILLIS + ", updated_at = now()"
                + " where id = $2 and version = $3 and status = 'processing'";
        return updatedOne(sql, Tuple.of(lease.toMillis(), id, version, done, total));
    }

    /** The state of a row relative to a job, read under the row lock by {@link #finish}. */
    public enum Current { OURS, GONE, SUPERSEDED }

    /**
     * Marks the job indexed, running {@code activation} (subscribed to only when the row is ours) while holding the row lock, so a concurrent
     * delete, publish or a newer version's worker waits for it and cannot interleave. {@code activation} is
     * given whether the row is published now (an admin may have published or unpublished it since the claim).
     * A failed activation rolls back: the row stays {@code processing}.
     *
     * @return GONE when the row was deleted, SUPERSEDED when a newer version (or another state) took
     *         over — in both cases {@code activation} did not run
     */
    public Uni<Current> finish(UUID id, int version, int chunkCount, String chunkerVersion,
            java.util.function.Function<Boolean, Uni<?>> activation) {
        String indexed = "update " + table + " set status = 'indexed',"
                + " chunk_count = $2, chunker_version = $3, error = null, last_error = null, lease_until = null,"
                + " progress_done = $2, progress_total = $2, indexed_at = now(), updated_at = now() where id = $1";
        boolean[] published = new boolean[1];
        return db.withTransaction(c -> c.preparedQuery("select version, status, published from " + table + " where id = $1 for update")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Current.GONE;
                    }
                    Row row = rows.iterator().next();
                    published[0] = row.getBoolean(2);
                    return current(row, version);
                })
                .chain(current -> {
                    if (current != Current.OURS) {
                        return Uni.createFrom().item(current);
                    }
                    return activation.apply(published[0])
                            .onFailure().transform(ActivationFailed::new)
                            .emitOn(VertxContexts.current()) // back on the connection's context after the remote call
                            .chain(() -> c.preparedQuery(indexed).execute(Tuple.of(id, chunkCount, chunkerVersion)))
                            .replaceWith(Current.OURS);
                }))
                // the activation's own failure (vector-service) goes back as it was; anything else is the database's
                .onFailure().transform(e -> e instanceof ActivationFailed failed ? failed.getCause() : new JobStoreException(e));
    }

    /** Carries the activation's failure through the rollback, so it is not taken for the database's. */
    private static final class ActivationFailed extends RuntimeException {
        ActivationFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private static Current current(Row row, int version) {
        return row.getInteger(0) == version && "processing".equals(row.getString(1)) ? Current.OURS : Current.SUPERSEDED;
    }

    /** A permanent failure: the document is {@code failed} with {@code reason}. @return false when no longer ours */
    public Uni<Boolean> fail(UUID id, int version, String reason) {
        String sql = "update " + table + " set status = 'failed', error = $3, last_error = $3, lease_until = null,"
                + " updated_at = now() where id = $1 and version = $2 and status = 'processing'";
        return updatedOne(sql, Tuple.of(id, version, reason));
    }

    /**
     * A transient failure: back to {@code queued} with the next attempt after
     * {@code baseBackoff * 2^(attempts-1)} (capped), or {@code failed} once {@code maxAttempts} were made.
     *
     * @return empty when the job is no longer ours
     */
    public Uni<Optional<RetryDecision>> retryOrFail(UUID id, int version, String reason, int maxAttempts,
            Duration baseBackoff, Duration maxBackoff) {
        String sql = "update " + table + " set"
                + " status = case when attempts >= $1 then 'failed' else 'queued' end,"
                + " error = case when attempts >= $1 then $2 else null end,"
                + " last_error = $3, lease_until = null, updated_at = now(),"
                + " next_attempt_at = now() + least($4::bigint * interval '1 millisecond' * power(2, greatest(attempts - 1, 0)),"
                + " $5::bigint * interval '1 millisecond')"
                + " where id = $6 and version = $7 and status = 'processing'"
                + " returning status, attempts, next_attempt_at";
        return first(sql, Tuple.from(List.of(maxAttempts, exhausted(reason, maxAttempts), reason, baseBackoff.toMillis(),
                        maxBackoff.toMillis(), id, version)))
                .map(row -> row.map(r -> new RetryDecision("queued".equals(r.getString(0)), r.getInteger(1),
                        r.getOffsetDateTime(2).toInstant())));
    }

    /**
     * One reconciler pass over at most {@code limit} rows, safe with many replicas ({@code FOR UPDATE
     * SKIP LOCKED}: two reconcilers never pick the same row). Picks
     * <ul>
     * <li>queued jobs that are due and were not enqueued since they became due, or were enqueued longer
     * than {@code staleAfter} ago and still sit there (their stream entry was lost, e.g. Redis flushed);</li>
     * <li>processing jobs whose lease expired (their worker died): back to queued, or failed once
     * {@code maxAttempts} were made.</li>
     * </ul>
     * The caller enqueues the rows returned {@code queued} and dead-letters those returned {@code failed}.
     */
    public Uni<List<Reconciled>> reconcile(Duration staleAfter, int maxAttempts, int limit) {
        String sql = "with picked as (select id from " + table + " where"
                + " (status = 'queued' and next_attempt_at <= now()"
                + "   and (enqueued_at is null or enqueued_at < next_attempt_at or enqueued_at < now() - " + MILLIS + "))"
                + " or (status = 'processing' and lease_until < now())"
                + " order by next_attempt_at limit $2 for update skip locked)"
                + " update " + table + " d set"
                + " status = case when d.status = 'processing' and d.attempts >= $3 then 'failed' else 'queued' end,"
                + " error = case when d.status = 'processing' and d.attempts >= $3 then $4 else d.error end,"
                + " last_error = case when d.status = 'processing' then $5 else d.last_error end,"
                + " next_attempt_at = case when d.status = 'processing' then now() else d.next_attempt_at end,"
                + " lease_until = null, enqueued_at = now(), updated_at = now()"
                + " from picked where d.id = picked.id"
                + " returning d.id, d.version, d.owner_id, d.status, d.attempts, d.last_error";
        String lost = "the worker processing the document stopped responding";
        return query(sql, Tuple.of(staleAfter.toMillis(), limit, maxAttempts, exhausted(lost, maxAttempts), lost))
                .map(JobStore::reconciled);
    }

    /** The rows of a {@code returning d.id, d.version, d.owner_id, d.status, d.attempts, d.last_error}. */
    private static List<Reconciled> reconciled(RowSet<Row> rows) {
        List<Reconciled> reconciled = new ArrayList<>();
        for (Row r : rows) {
            reconciled.add(new Reconciled(r.getUUID(0), r.getInteger(1), r.getString(2), r.getString(3),
                    r.getInteger(4), r.getString(5)));
        }
        return reconciled;
    }

    /**
     * Queues, as their next version, up to {@code limit} indexed documents whose chunks were made by another
     * chunker than {@code chunkerVersion} (or by one that was not recorded), oldest first, and only while
     * fewer than {@code limit} documents are queued or processing: a re-chunk runs behind the uploads. The
     * stored bytes stay the same; the current version's chunks keep serving until the new one is activated.
     */
    public Uni<List<Reconciled>> queueRechunk(String chunkerVersion, int limit) {
        String sql = "with picked as (select id from " + table + " where status = 'indexed'"
                // "is distinct from $1", spelled so documents_rechunk_idx serves it (V6__rechunk_index.sql)
                + " and (chunker_version is null or chunker_version < $1 or chunker_version > $1)"
                + " and (select count(*) from " + table + " where status in ('queued', 'processing')) < $2"
                + " order by updated_at, id limit $2 for update skip locked)"
                + " update " + table + " d set version = d.version + 1, status = 'queued', attempts = 0, error = null,"
                + " last_error = null, lease_until = null, progress_done = 0, progress_total = 0,"
                + " next_attempt_at = now(), enqueued_at = now(), updated_at = now()"
                + " from picked where d.id = picked.id"
                + " returning d.id, d.version, d.owner_id, d.status, d.attempts, d.last_error";
        return query(sql, Tuple.of(chunkerVersion, limit)).map(JobStore::reconciled);
    }

    public Uni<Boolean> exists(UUID id) {
        return first("select 1 from " + table + " where id = $1", Tuple.of(id)).map(Optional::isPresent);
    }

    /** Counts documents per status, for the gauges. */
    public Uni<Map<String, Long>> countByStatus() {
        return query("select status, count(*) from " + table + " group by status", Tuple.tuple()).map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            for (Row r : rows) {
                counts.put(r.getString(0), r.getLong(1));
            }
            return counts;
        });
    }

    /** How many jobs of this owner are being processed right now. */
    public Uni<Integer> processingCount(String ownerId) {
        return first("select count(*)::int from " + table
                + " where owner_id = $1 and status = 'processing' and lease_until > now()", Tuple.of(ownerId))
                .map(row -> row.map(r -> r.getInteger(0)).orElse(0));
    }

    /** Moves the job back to queued without counting the attempt (e.g. the owner has too many jobs running). */
    public Uni<Boolean> postpone(UUID id, int version, Duration delay) {
        String sql = "update " + table + " set status = 'queued', attempts = greatest(attempts - 1, 0),"
                + " lease_until = null, next_attempt_at = now() + " + MILLIS + ", updated_at = now()"
                + " where id = $2 and version = $3 and status = 'processing'";
        return updatedOne(sql, Tuple.of(delay.toMillis(), id, version));
    }

    /**
     * Gives a job back because its worker is shutting down: queued again, due at once, the attempt
     * not counted (nothing failed). @return false when the row is no longer this version in processing
     */
    public Uni<Boolean> release(UUID id, int version) {
        return postpone(id, version, Duration.ZERO);
    }

    static String exhausted(String reason, int maxAttempts) {
        return reason + " (gave up after " + maxAttempts + " attempts)";
    }

    /** The first parameter ({@code $1}, milliseconds) as an interval. */
    private static final String MILLIS = "$1::bigint * interval '1 millisecond'";

    private Uni<RowSet<Row>> query(String sql, Tuple params) {
        return db.preparedQuery(sql).execute(params).onFailure().transform(JobStoreException::new);
    }

    private Uni<Optional<Row>> first(String sql, Tuple params) {
        return query(sql, params).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        });
    }

    private Uni<Boolean> updatedOne(String sql, Tuple params) {
        return query(sql, params).map(rows -> rows.rowCount() == 1);
    }

    /** The database could not be reached or refused a statement. */
    public static class JobStoreException extends RuntimeException {
        JobStoreException(Throwable cause) {
            super("job store: " + cause.getMessage(), cause);
        }
    }
}
