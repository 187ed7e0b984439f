package dev.ragsuite.ingest.jobs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The truth about ingestion jobs, kept in the {@code documents} rows (one job per document version),
 * read and changed with plain JDBC on the worker and reconciler threads, which block anyway.
 * Every transition is one conditional UPDATE (or a short transaction holding the row lock), so
 * any number of workers and reconcilers in any number of replicas can run at once: whoever's
 * UPDATE matches the row's current state wins, everybody else sees 0 rows and moves on.
 * Times are the database's clock ({@code now()}), never a replica's.
 */
@ApplicationScoped
public class JobStore {

    /** A job a worker now holds: the row was moved to {@code processing} with a lease. */
    public record Claim(UUID documentId, int version, String ownerId, String name, String contentType,
            String storageKey, int attempts) {
    }

    /** A row the reconciler just re-enqueued ({@code status = queued}) or gave up on ({@code failed}). */
    public record Reconciled(UUID documentId, int version, String ownerId, String status, int attempts, String reason) {
    }

    /** What became of a job whose attempt failed. */
    public record RetryDecision(boolean willRetry, int attempts, Instant nextAttemptAt) {
    }

    private final AgroalDataSource db;
    private final String table;

    public JobStore(AgroalDataSource db, @ConfigProperty(name = "rag.db.schema") String schema) {
        this.db = db;
        this.table = schema + ".documents";
    }

    /**
     * Claims a queued job (or one whose worker's lease expired) for this worker.
     *
     * @return empty when the row is gone, is of another version, is held by a live worker, is
     *         finished, or its retry is not due yet
     */
    public Optional<Claim> claim(UUID id, int version, Duration lease) {
        String sql = "update " + table + " set status = 'processing', attempts = attempts + 1,"
                + " lease_until = now() + ?::interval, started_at = now(), updated_at = now(),"
                + " progress_done = 0, progress_total = 0"
                + " where id = ? and version = ? and next_attempt_at <= now()"
                + " and (status = 'queued' or (status = 'processing' and lease_until < now()))"
                + " returning owner_id, name, content_type, storage_key, attempts";
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, interval(lease));
                st.setObject(2, id);
                st.setInt(3, version);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Claim(id, version, rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        });
    }

    /** Records progress and extends the lease. @return false when the job is no longer ours (deleted, superseded) */
    public boolean progress(UUID id, int version, int done, int total, Duration lease) {
        String sql = "update " + table + " set progress_done = ?, progress_total = ?,"
                + " lease_until = now() + ?::interval, updated_at = now()"
                + " where id = ? and version = ? and status = 'processing'";
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setInt(1, done);
                st.setInt(2, total);
                st.setString(3, interval(lease));
                st.setObject(4, id);
                st.setInt(5, version);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** The state of a row relative to a job, read under the row lock by {@link #finish}. */
    public enum Current { OURS, GONE, SUPERSEDED }

    /** Work done while the row is locked, e.g. activating the version in the vector index. */
    @FunctionalInterface
    public interface LockedStep {
        void run() throws Exception;
    }

    /**
     * Marks the job indexed, running {@code activation} while holding the row lock, so a concurrent
     * delete or a newer version's worker waits for it and cannot interleave.
     *
     * @return GONE when the row was deleted, SUPERSEDED when a newer version (or another state) took
     *         over — in both cases {@code activation} did not run
     */
    public Current finish(UUID id, int version, int chunkCount, String chunkerVersion, LockedStep activation) {
        return inConnection(c -> {
            c.setAutoCommit(false);
            try {
                Current current;
                try (PreparedStatement st = c.prepareStatement(
                        "select version, status from " + table + " where id = ? for update")) {
                    st.setObject(1, id);
                    try (ResultSet rs = st.executeQuery()) {
                        current = !rs.next() ? Current.GONE
                                : rs.getInt(1) == version && "processing".equals(rs.getString(2)) ? Current.OURS
                                : Current.SUPERSEDED;
                    }
                }
                if (current != Current.OURS) {
                    c.rollback();
                    return current;
                }
                activation.run();
                try (PreparedStatement st = c.prepareStatement("update " + table + " set status = 'indexed',"
                        + " chunk_count = ?, chunker_version = ?, error = null, last_error = null, lease_until = null,"
                        + " progress_done = ?, progress_total = ?, indexed_at = now(), updated_at = now() where id = ?")) {
                    st.setInt(1, chunkCount);
                    st.setString(2, chunkerVersion);
                    st.setInt(3, chunkCount);
                    st.setInt(4, chunkCount);
                    st.setObject(5, id);
                    st.executeUpdate();
                }
                c.commit();
                return Current.OURS;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** A permanent failure: the document is {@code failed} with {@code reason}. @return false when no longer ours */
    public boolean fail(UUID id, int version, String reason) {
        String sql = "update " + table + " set status = 'failed', error = ?, last_error = ?, lease_until = null,"
                + " updated_at = now() where id = ? and version = ? and status = 'processing'";
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, reason);
                st.setString(2, reason);
                st.setObject(3, id);
                st.setInt(4, version);
                return st.executeUpdate() == 1;
            }
        });
    }

    /**
     * A transient failure: back to {@code queued} with the next attempt after
     * {@code baseBackoff * 2^(attempts-1)} (capped), or {@code failed} once {@code maxAttempts} were made.
     *
     * @return empty when the job is no longer ours
     */
    public Optional<RetryDecision> retryOrFail(UUID id, int version, String reason, int maxAttempts,
            Duration baseBackoff, Duration maxBackoff) {
        String sql = "update " + table + " set"
                + " status = case when attempts >= ? then 'failed' else 'queued' end,"
                + " error = case when attempts >= ? then ? else null end,"
                + " last_error = ?, lease_until = null, updated_at = now(),"
                + " next_attempt_at = now() + least(?::interval * power(2, greatest(attempts - 1, 0)), ?::interval)"
                + " where id = ? and version = ? and status = 'processing'"
                + " returning status, attempts, next_attempt_at";
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setInt(1, maxAttempts);
                st.setInt(2, maxAttempts);
                st.setString(3, exhausted(reason, maxAttempts));
                st.setString(4, reason);
                st.setString(5, interval(baseBackoff));
                st.setString(6, interval(maxBackoff));
                st.setObject(7, id);
                st.setInt(8, version);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RetryDecision("queued".equals(rs.getString(1)), rs.getInt(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
        });
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
    public List<Reconciled> reconcile(Duration staleAfter, int maxAttempts, int limit) {
        String sql = "with picked as (select id from " + table + " where"
                + " (status = 'queued' and next_attempt_at <= now()"
                + "   and (enqueued_at is null or enqueued_at < next_attempt_at or enqueued_at < now() - ?::interval))"
                + " or (status = 'processing' and lease_until < now())"
                + " order by next_attempt_at limit ? for update skip locked)"
                + " update " + table + " d set"
                + " status = case when d.status = 'processing' and d.attempts >= ? then 'failed' else 'queued' end,"
                + " error = case when d.status = 'processing' and d.attempts >= ? then ? else d.error end,"
                + " last_error = case when d.status = 'processing' then ? else d.last_error end,"
                + " next_attempt_at = case when d.status = 'processing' then now() else d.next_attempt_at end,"
                + " lease_until = null, enqueued_at = now(), updated_at = now()"
                + " from picked where d.id = picked.id"
                + " returning d.id, d.version, d.owner_id, d.status, d.attempts, d.last_error";
        String lost = "the worker processing the document stopped responding";
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, interval(staleAfter));
                st.setInt(2, limit);
                st.setInt(3, maxAttempts);
                st.setInt(4, maxAttempts);
                st.setString(5, exhausted(lost, maxAttempts));
                st.setString(6, lost);
                List<Reconciled> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Reconciled(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                                rs.getString(4), rs.getInt(5), rs.getString(6)));
                    }
                }
                return rows;
            }
        });
    }

    public boolean exists(UUID id) {
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement("select 1 from " + table + " where id = ?")) {
                st.setObject(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Counts documents per status, for the gauges. */
    public java.util.Map<String, Long> countByStatus() {
        return inConnection(c -> {
            java.util.Map<String, Long> counts = new java.util.HashMap<>();
            try (PreparedStatement st = c.prepareStatement("select status, count(*) from " + table + " group by status");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** How many jobs of this owner are being processed right now. */
    public int processingCount(String ownerId) {
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "select count(*) from " + table + " where owner_id = ? and status = 'processing' and lease_until > now()")) {
                st.setString(1, ownerId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Moves the job back to queued without counting the attempt (e.g. the owner has too many jobs running). */
    public boolean postpone(UUID id, int version, Duration delay) {
        String sql = "update " + table + " set status = 'queued', attempts = greatest(attempts - 1, 0),"
                + " lease_until = null, next_attempt_at = now() + ?::interval, updated_at = now()"
                + " where id = ? and version = ? and status = 'processing'";
        return inConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, interval(delay));
                st.setObject(2, id);
                st.setInt(3, version);
                return st.executeUpdate() == 1;
            }
        });
    }

    /**
     * Gives a job back because its worker is shutting down: queued again, due at once, the attempt
     * not counted (nothing failed). @return false when the row is no longer this version in processing
     */
    public boolean release(UUID id, int version) {
        return postpone(id, version, Duration.ZERO);
    }

    static String exhausted(String reason, int maxAttempts) {
        return reason + " (gave up after " + maxAttempts + " attempts)";
    }

    static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws Exception;
    }

    <T> T inConnection(SqlWork<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (SQLException e) {
            throw new JobStoreException(e);
        } catch (Exception e) {
            throw new JobStoreException(e);
        }
    }

    /** The database could not be reached or refused a statement. */
    public static class JobStoreException extends RuntimeException {
        JobStoreException(Throwable cause) {
            super("job store: " + cause.getMessage(), cause);
        }
    }
}
