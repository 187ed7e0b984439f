package dev.ragsuite.ingest.jobs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides, in one transaction, what an upload is: the same bytes again (the existing document),
 * a new version of the owner's newest document of that name, or a new document.
 * <p>
 * "Same bytes" is enforced by the unique index on (owner_id, content_key), not by a look-up before
 * the insert: of concurrent identical uploads exactly one row wins, the others hit the constraint,
 * roll back and answer with the winner. Uploads of one name by one owner are serialised by a
 * transaction-scoped advisory lock, so two new versions of one document cannot interleave.
 */
@ApplicationScoped
public class UploadRegistry {

    private static final String UNIQUE_VIOLATION = "23505";

    /** The upload as stored: its bytes sit in storage under {@code storageKey}. */
    public record NewUpload(String ownerId, String name, String contentType, long sizeBytes, String sha256,
            String storageKey) {
    }

    /**
     * @param duplicate the same bytes were already there: nothing was changed, {@code id} is the existing document
     * @param replacedStorageKey the stored bytes of the version this upload replaced (delete them), or null
     */
    public record Registered(UUID id, int version, boolean duplicate, String replacedStorageKey) {
    }

    private final AgroalDataSource db;
    private final String table;

    public UploadRegistry(AgroalDataSource db, @ConfigProperty(name = "rag.db.schema") String schema) {
        this.db = db;
        this.table = schema + ".documents";
    }

    public Registered register(NewUpload upload) {
        try {
            return registerOnce(upload);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new JobStore.JobStoreException(e);
            }
            // a concurrent upload of the same bytes committed first: answer with its document
            try (Connection c = db.getConnection()) {
                UUID existing = findByContent(c, upload);
                if (existing == null) {
                    throw new JobStore.JobStoreException(e); // the winner was deleted meanwhile; let the client retry
                }
                return new Registered(existing, versionOf(c, existing), true, null);
            } catch (SQLException again) {
                throw new JobStore.JobStoreException(again);
            }
        }
    }

    private Registered registerOnce(NewUpload upload) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement(
                        "select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) l")) {
                    lock.setString(1, "ingest-upload\u001f" + upload.ownerId() + "\u001f" + upload.name());
                    lock.executeQuery().close();
                }
                UUID existing = findByContent(c, upload);
                if (existing != null) {
                    c.rollback();
                    return new Registered(existing, versionOf(c, existing), true, null);
                }
                Registered registered = newVersion(c, upload);
                if (registered == null) {
                    registered = insert(c, upload);
                }
                c.commit();
                return registered;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private UUID findByContent(Connection c, NewUpload upload) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "select id from " + table + " where owner_id = ? and content_key = ?")) {
            st.setString(1, upload.ownerId());
            st.setString(2, upload.sha256());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    private int versionOf(Connection c, UUID id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select version from " + table + " where id = ?")) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 1;
            }
        }
    }

    /** Turns the owner's newest document of this name into a new, queued version; null when there is none. */
    private Registered newVersion(Connection c, NewUpload upload) throws SQLException {
        UUID id;
        String oldKey;
        try (PreparedStatement st = c.prepareStatement("select id, storage_key from " + table
                + " where owner_id = ? and name = ? order by created_at desc, id desc limit 1 for update")) {
            st.setString(1, upload.ownerId());
            st.setString(2, upload.name());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                id = rs.getObject(1, UUID.class);
                oldKey = rs.getString(2);
            }
        }
        try (PreparedStatement st = c.prepareStatement("update " + table + " set version = version + 1,"
                + " content_type = ?, size_bytes = ?, sha256 = ?, content_key = ?, storage_key = ?,"
                + " status = 'queued', error = null, last_error = null, attempts = 0, lease_until = null,"
                + " progress_done = 0, progress_total = 0, next_attempt_at = now(), enqueued_at = now(),"
                + " updated_at = now() where id = ? returning version")) {
            st.setString(1, upload.contentType());
            st.setLong(2, upload.sizeBytes());
            st.setString(3, upload.sha256());
            st.setString(4, upload.sha256());
            st.setString(5, upload.storageKey());
            st.setObject(6, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Registered(id, rs.getInt(1), false, oldKey);
            }
        }
    }

    private Registered insert(Connection c, NewUpload upload) throws SQLException {
        UUID id = UUID.fromString(upload.storageKey()); // a new document is named like its first stored bytes
        try (PreparedStatement st = c.prepareStatement("insert into " + table + " (id, owner_id, name, content_type,"
                + " size_bytes, sha256, content_key, storage_key, status, chunk_count, attempts, version,"
                + " next_attempt_at, enqueued_at, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, 0, 1, now(), now(), now(), now())")) {
            st.setObject(1, id);
            st.setString(2, upload.ownerId());
            st.setString(3, upload.name());
            st.setString(4, upload.contentType());
            st.setLong(5, upload.sizeBytes());
            st.setString(6, upload.sha256());
            st.setString(7, upload.sha256());
            st.setString(8, upload.storageKey());
            st.executeUpdate();
        }
        return new Registered(id, 1, false, null);
    }
}
