package dev.ragsuite.ingest.jobs;

import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.UUID;

/**
 * Decides, in one transaction of the reactive PostgreSQL client, what an upload is: the same bytes again (the existing document),
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

    private final Pool db;
    private final String table;

    public UploadRegistry(Pool db, IngestConfig config) {
        this.db = db;
        this.table = config.db().schema() + ".documents";
    }

    public Uni<Registered> register(NewUpload upload) {
        return db.withTransaction(c -> c.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .execute(Tuple.of("ingest-upload\u001f" + upload.ownerId() + "\u001f" + upload.name()))
                        .chain(() -> findByContent(c, upload))
                        .chain(existing -> existing != null ? duplicateOf(c, existing)
                                : newVersion(c, upload).onItem().ifNull().switchTo(() -> insert(c, upload))))
                .onFailure(UploadRegistry::uniqueViolation).recoverWithUni(e -> winnerOf(upload, e))
                .onFailure(e -> !(e instanceof JobStore.JobStoreException)).transform(JobStore.JobStoreException::new);
    }

    /** A concurrent upload of the same bytes committed first: answer with its document. */
    private Uni<Registered> winnerOf(NewUpload upload, Throwable violation) {
        return findByContent(db, upload).chain(existing -> existing == null
                ? Uni.createFrom().failure(new JobStore.JobStoreException(violation)) // the winner was deleted meanwhile; let the client retry
                : duplicateOf(db, existing));
    }

    private static boolean uniqueViolation(Throwable e) {
        return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private Uni<UUID> findByContent(SqlClient c, NewUpload upload) {
        return c.preparedQuery("select id from " + table + " where owner_id = $1 and content_key = $2")
                .execute(Tuple.of(upload.ownerId(), upload.sha256()))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getUUID(0) : null;
                });
    }

    private Uni<Registered> duplicateOf(SqlClient c, UUID id) {
        return c.preparedQuery("select version from " + table + " where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    return new Registered(id, it.hasNext() ? it.next().getInteger(0) : 1, true, null);
                });
    }

    /** Turns the owner's newest uploaded document of this name into a new, queued version; null when there is none. */
    private Uni<Registered> newVersion(SqlClient c, NewUpload upload) {
        return c.preparedQuery("select id, storage_key from " + table
                        + " where owner_id = $1 and name = $2 and source_type = 'upload'"
                        + " order by created_at desc, id desc limit 1 for update")
                .execute(Tuple.of(upload.ownerId(), upload.name()))
                .chain(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row newest = it.next();
                    UUID id = newest.getUUID(0);
                    String oldKey = newest.getString(1);
                    return c.preparedQuery("update " + table + " set version = version + 1,"
                                    + " content_type = $1, size_bytes = $2, sha256 = $3, content_key = $4, storage_key = $5,"
                                    + " status = 'queued', error = null, last_error = null, attempts = 0, lease_until = null,"
                                    + " progress_done = 0, progress_total = 0, next_attempt_at = now(), enqueued_at = now(),"
                                    + " updated_at = now() where id = $6 returning version")
                            .execute(Tuple.of(upload.contentType(), upload.sizeBytes(), upload.sha256(), upload.sha256(),
                                    upload.storageKey(), id))
                            .map(updated -> new Registered(id, updated.iterator().next().getInteger(0), false, oldKey));
                });
    }

    /**
     * Registers a URL import: the owner's earlier import of the same address becomes its next version (fetched
     * again), otherwise a new document. Its type, size and hash are placeholders until the worker has fetched it;
     * {@code storageKey} names the bytes it will store.
     */
    public Uni<Registered> registerImport(String ownerId, String name, String url, String storageKey) {
        String placeholderHash = java.util.HexFormat.of().formatHex(sha256(url));
        return db.withTransaction(c -> c.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .execute(Tuple.of("ingest-import\u001f" + ownerId + "\u001f" + url))
                        .chain(() -> c.preparedQuery("select id, storage_key from " + table
                                        + " where owner_id = $1 and source_type = 'url' and source_url = $2"
                                        + " order by created_at desc, id desc limit 1 for update")
                                .execute(Tuple.of(ownerId, url)))
                        .chain(rows -> {
                            Iterator<Row> it = rows.iterator();
                            if (it.hasNext()) {
                                Row existing = it.next();
                                UUID id = existing.getUUID(0);
                                return c.preparedQuery("update " + table + " set version = version + 1, storage_key = $1,"
                                                + " status = 'queued', error = null, last_error = null, attempts = 0, lease_until = null,"
                                                + " progress_done = 0, progress_total = 0, next_attempt_at = now(), enqueued_at = now(),"
                                                + " updated_at = now() where id = $2 returning version")
                                        .execute(Tuple.of(storageKey, id))
                                        .map(updated -> new Registered(id, updated.iterator().next().getInteger(0), false,
                                                existing.getString(1)));
                            }
                            UUID id = UUID.fromString(storageKey);
                            return c.preparedQuery("insert into " + table + " (id, owner_id, name, content_type,"
                                            + " size_bytes, sha256, content_key, storage_key, status, chunk_count, attempts, version,"
                                            + " next_attempt_at, enqueued_at, created_at, updated_at, source_type, source_url)"
                                            + " values ($1, $2, $3, 'application/octet-stream', 0, $4, $5, $6, 'queued', 0, 0, 1,"
                                            + " now(), now(), now(), now(), 'url', $7)")
                                    .execute(Tuple.from(java.util.List.of(id, ownerId, name, placeholderHash, "url:" + id,
                                            storageKey, url)))
                                    .replaceWith(new Registered(id, 1, false, null));
                        }))
                .onFailure(e -> !(e instanceof JobStore.JobStoreException)).transform(JobStore.JobStoreException::new);
    }

    /**
     * An original in another system (a ClickUp task) rendered to bytes stored under {@code storageKey}: the
     * document of that original for this owner is created, becomes its next version when the bytes differ, or
     * is left as it is when they do not (only its name, link and date are refreshed).
     */
    public record External(String ownerId, UUID connectorId, String sourceType, String externalId, String url,
            String name, String contentType, long sizeBytes, String sha256, java.time.Instant updatedAt, String storageKey) {
    }

    public enum Change {
        CREATED, UPDATED, UNCHANGED
    }

    /** @param replacedStorageKey bytes no longer needed (the old version's, or this item's own when unchanged) */
    public record RegisteredExternal(UUID id, int version, Change change, String replacedStorageKey, boolean published) {
    }

    public Uni<RegisteredExternal> registerExternal(External item) {
        java.time.OffsetDateTime updated = item.updatedAt() == null ? null
                : item.updatedAt().atOffset(java.time.ZoneOffset.UTC);
        return db.withTransaction(c -> c.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .execute(Tuple.of("ingest-external\u001f" + item.ownerId() + "\u001f" + item.sourceType() + "\u001f"
                                + item.externalId()))
                        .chain(() -> c.preparedQuery("select id, sha256, storage_key, status, version, published from " + table
                                        + " where owner_id = $1 and source_type = $2 and source_external_id = $3 for update")
                                .execute(Tuple.of(item.ownerId(), item.sourceType(), item.externalId())))
                        .chain(rows -> {
                            Iterator<Row> it = rows.iterator();
                            if (!it.hasNext()) {
                                UUID id = UUID.fromString(item.storageKey());
                                return c.preparedQuery("insert into " + table + " (id, owner_id, name, content_type,"
                                                + " size_bytes, sha256, content_key, storage_key, status, chunk_count, attempts, version,"
                                                + " next_attempt_at, enqueued_at, created_at, updated_at, source_type, source_external_id,"
                                                + " source_url, source_updated_at, connector_id) values ($1, $2, $3, $4, $5, $6, $7, $8,"
                                                + " 'queued', 0, 0, 1, now(), now(), now(), now(), $9, $10, $11, $12, $13)")
                                        .execute(Tuple.tuple(java.util.Arrays.asList(id, item.ownerId(), item.name(),
                                                item.contentType(), item.sizeBytes(), item.sha256(), "external:" + id,
                                                item.storageKey(), item.sourceType(), item.externalId(), item.url(), updated,
                                                item.connectorId())))
                                        .replaceWith(new RegisteredExternal(id, 1, Change.CREATED, null, false));
                            }
                            Row existing = it.next();
                            UUID id = existing.getUUID(0);
                            boolean same = item.sha256().equals(existing.getString(1)) && !"failed".equals(existing.getString(3));
                            if (same) {
                                return c.preparedQuery("update " + table + " set name = $2, source_url = $3,"
                                                + " source_updated_at = $4, connector_id = coalesce(connector_id, $5) where id = $1")
                                        .execute(Tuple.tuple(java.util.Arrays.asList(id, item.name(), item.url(), updated,
                                                item.connectorId())))
                                        .replaceWith(new RegisteredExternal(id, existing.getInteger(4), Change.UNCHANGED,
                                                item.storageKey(), existing.getBoolean(5)));
                            }
                            return c.preparedQuery("update " + table + " set version = version + 1, name = $2,"
                                            + " content_type = $3, size_bytes = $4, sha256 = $5, storage_key = $6, source_url = $7,"
                                            + " source_updated_at = $8, connector_id = coalesce(connector_id, $9),"
                                            + " status = 'queued', error = null, last_error = null, attempts = 0, lease_until = null,"
                                            + " progress_done = 0, progress_total = 0, next_attempt_at = now(), enqueued_at = now(),"
                                            + " updated_at = now() where id = $1 returning version")
                                    .execute(Tuple.tuple(java.util.Arrays.asList(id, item.name(), item.contentType(),
                                            item.sizeBytes(), item.sha256(), item.storageKey(), item.url(), updated,
                                            item.connectorId())))
                                    .map(updatedRows -> new RegisteredExternal(id, updatedRows.iterator().next().getInteger(0),
                                            Change.UPDATED, existing.getString(2), existing.getBoolean(5)));
                        }))
                .onFailure(e -> !(e instanceof JobStore.JobStoreException)).transform(JobStore.JobStoreException::new);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private Uni<Registered> insert(SqlClient c, NewUpload upload) {
        UUID id = UUID.fromString(upload.storageKey()); // a new document is named like its first stored bytes
        return c.preparedQuery("insert into " + table + " (id, owner_id, name, content_type,"
                        + " size_bytes, sha256, content_key, storage_key, status, chunk_count, attempts, version,"
                        + " next_attempt_at, enqueued_at, created_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', 0, 0, 1, now(), now(), now(), now())")
                .execute(Tuple.from(java.util.List.of(id, upload.ownerId(), upload.name(), upload.contentType(),
                        upload.sizeBytes(), upload.sha256(), upload.sha256(), upload.storageKey())))
                .replaceWith(new Registered(id, 1, false, null));
    }
}
