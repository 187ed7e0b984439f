package dev.ragsuite.ingest.connectors;

import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.ConnectorStatus;
import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code connectors} table, always read together with the owner (another user's row is no row). */
@ApplicationScoped
public class ConnectorStore {

    private static final String COLUMNS = "c.id, c.owner_id, c.type, c.workspace_id, c.space_ids, c.list_ids,"
            + " c.token_ciphertext, c.token_key_id, c.token_hint, c.external_user, c.status, c.last_sync_at, c.last_error,"
            + " c.created_at, c.updated_at, c.sync_requested_at, c.sync_full_requested, c.sync_started_at, c.last_full_sync_at,"
            + " c.last_sync_tasks, c.last_sync_created, c.last_sync_updated, c.last_sync_unchanged, c.last_sync_deleted,"
            + " c.last_sync_ms";

    private final Pool db;
    private final String connectors;
    private final String documents;

    public ConnectorStore(Pool db, IngestConfig config) {
        this.db = db;
        this.connectors = config.db().schema() + ".connectors";
        this.documents = config.db().schema() + ".documents";
    }

    public Uni<Void> insert(Connector c) {
        return db.preparedQuery("insert into " + connectors + " (id, owner_id, type, workspace_id, space_ids, list_ids,"
                        + " token_ciphertext, token_key_id, token_hint, external_user, status, created_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)")
                .execute(Tuple.tuple(List.of(c.id(), c.ownerId(), c.type(), c.workspaceId(), join(c.spaceIds()),
                        join(c.listIds()), Buffer.buffer(c.tokenCiphertext()), c.tokenKeyId(), c.tokenHint(),
                        c.externalUser() == null ? "" : c.externalUser(), c.status().value(), utc(c.createdAt()))))
                .replaceWithVoid();
    }

    public Uni<Optional<Connector>> findOwned(UUID id, String ownerId) {
        return db.preparedQuery(select() + " where c.id = $1 and c.owner_id = $2")
                .execute(Tuple.of(id, ownerId))
                .map(rows -> first(rows));
    }

    public Uni<List<Connector>> listOwned(String ownerId, int page, int size) {
        return db.preparedQuery(select() + " where c.owner_id = $1 order by c.created_at desc, c.id desc limit $2 offset $3")
                .execute(Tuple.of(ownerId, size, (long) page * size))
                .map(ConnectorStore::all);
    }

    public Uni<Long> countOwned(String ownerId) {
        return db.preparedQuery("select count(*) from " + connectors + " where owner_id = $1")
                .execute(Tuple.of(ownerId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Saves a new scope and, when given, a new token (which also clears {@code needs_reauth}). */
    public Uni<Boolean> update(UUID id, String ownerId, String workspaceId, List<String> spaceIds, List<String> listIds,
            byte[] tokenCiphertext, Long tokenKeyId, String tokenHint, String externalUser) {
        // a new scope makes the next sync a full pass: an incremental one would miss the older tasks of an added list
        // (SET expressions see the row as it was, so the comparison is with the old scope)
        String sql = "update " + connectors + " set sync_full_requested = sync_full_requested or workspace_id <> $3"
                + " or space_ids <> $4 or list_ids <> $5, workspace_id = $3, space_ids = $4, list_ids = $5, updated_at = now()"
                + (tokenCiphertext == null ? ""
                        : ", token_ciphertext = $6, token_key_id = $7, token_hint = $8, external_user = $9,"
                                + " status = case when status = 'needs_reauth' then 'idle' else status end,"
                                + " last_error = case when status = 'needs_reauth' then null else last_error end")
                + " where id = $1 and owner_id = $2";
        List<Object> params = new ArrayList<>(Arrays.asList(id, ownerId, workspaceId, join(spaceIds), join(listIds)));
        if (tokenCiphertext != null) {
            params.addAll(Arrays.asList(Buffer.buffer(tokenCiphertext), tokenKeyId, tokenHint, externalUser == null ? "" : externalUser));
        }
        return db.preparedQuery(sql).execute(Tuple.tuple(params)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> delete(UUID id, String ownerId) {
        return db.preparedQuery("delete from " + connectors + " where id = $1 and owner_id = $2")
                .execute(Tuple.of(id, ownerId)).map(rows -> rows.rowCount() == 1);
    }

    /** The ids of the documents imported through a connection. */
    public Uni<List<UUID>> documentsOf(UUID id, String ownerId) {
        return db.preparedQuery("select id from " + documents + " where connector_id = $1 and owner_id = $2")
                .execute(Tuple.of(id, ownerId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
                });
    }

    /** How many secrets are stored (whether a keyset may still be generated). */
    public Uni<Long> countSecrets() {
        return db.query("select count(*) from " + connectors).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Each key id stored secrets were made under, with up to three connections that use it (the start-up check). */
    public Uni<List<KeyUse>> keysInUse() {
        return db.query("select token_key_id, id, owner_id, token_ciphertext from (select *, row_number() over"
                        + " (partition by token_key_id order by created_at, id) as n from " + connectors + ") k where n <= 3")
                .execute()
                .map(rows -> {
                    List<KeyUse> uses = new ArrayList<>();
                    rows.forEach(r -> uses.add(new KeyUse(r.getLong(0), r.getUUID(1), r.getString(2),
                            r.getBuffer(3).getBytes())));
                    return uses;
                });
    }

    /** A stored secret made under some key, as {@link #keysInUse()} and rotation read it. */
    public record KeyUse(long keyId, UUID connectorId, String ownerId, byte[] ciphertext) {
    }

    /** Up to {@code limit} secrets not made under {@code primaryKeyId}. */
    public Uni<List<KeyUse>> notUnder(long primaryKeyId, int limit) {
        return db.preparedQuery("select token_key_id, id, owner_id, token_ciphertext from " + connectors
                        + " where token_key_id <> $1 order by id limit $2")
                .execute(Tuple.of(primaryKeyId, limit))
                .map(rows -> {
                    List<KeyUse> uses = new ArrayList<>();
                    rows.forEach(r -> uses.add(new KeyUse(r.getLong(0), r.getUUID(1), r.getString(2),
                            r.getBuffer(3).getBytes())));
                    return uses;
                });
    }

    /** Replaces one secret's ciphertext, only if it is still the one that was read (a concurrent change wins). */
    public Uni<Boolean> replaceCiphertext(KeyUse old, byte[] ciphertext, long keyId) {
        return db.preparedQuery("update " + connectors + " set token_ciphertext = $3, token_key_id = $4"
                        + " where id = $1 and token_ciphertext = $2")
                .execute(Tuple.of(old.connectorId(), Buffer.buffer(old.ciphertext()), Buffer.buffer(ciphertext), keyId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Long> countNotUnder(long primaryKeyId) {
        return db.preparedQuery("select count(*) from " + connectors + " where token_key_id <> $1")
                .execute(Tuple.of(primaryKeyId)).map(rows -> rows.iterator().next().getLong(0));
    }

    private String select() {
        return "select " + COLUMNS + ", (select count(*) from " + documents + " d where d.connector_id = c.id) as documents"
                + " from " + connectors + " c";
    }

    private static Optional<Connector> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    private static List<Connector> all(RowSet<Row> rows) {
        List<Connector> list = new ArrayList<>();
        rows.forEach(r -> list.add(map(r)));
        return list;
    }

    private static Connector map(Row r) {
        String user = r.getString("external_user");
        return new Connector(r.getUUID("id"), r.getString("owner_id"), r.getString("type"), r.getString("workspace_id"),
                split(r.getString("space_ids")), split(r.getString("list_ids")), r.getBuffer("token_ciphertext").getBytes(),
                r.getLong("token_key_id"), r.getString("token_hint"), user == null || user.isEmpty() ? null : user,
                ConnectorStatus.of(r.getString("status")), instant(r.getOffsetDateTime("last_sync_at")),
                r.getString("last_error"), instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")), r.getLong("documents"), sync(r));
    }

    private static Connector.Sync sync(Row r) {
        Integer tasks = r.getInteger("last_sync_tasks");
        Connector.SyncFigures last = tasks == null ? null : new Connector.SyncFigures(tasks, r.getInteger("last_sync_created"),
                r.getInteger("last_sync_updated"), r.getInteger("last_sync_unchanged"), r.getInteger("last_sync_deleted"),
                r.getLong("last_sync_ms"));
        return new Connector.Sync(instant(r.getOffsetDateTime("sync_requested_at")), r.getBoolean("sync_full_requested"),
                instant(r.getOffsetDateTime("sync_started_at")), instant(r.getOffsetDateTime("last_full_sync_at")), last);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    static String join(List<String> ids) {
        return String.join(",", ids);
    }

    static List<String> split(String ids) {
        return ids == null || ids.isEmpty() ? List.of() : List.of(ids.split(","));
    }
}
