package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.usage.DocumentFigures;
import dev.ragsuite.common.usage.UsageApi;
import dev.ragsuite.ingest.ConnectorStatus;
import dev.ragsuite.ingest.DocumentStatus;
import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For chat-service's usage figures only (guarded by common's {@code InternalTokenFilter}): the documents
 * as they are now — all of them, or one owner's ({@code ?owner=}) — by status and by source, their chunks
 * and stored bytes. One grouped scan (by owner through {@code documents_owner_created_idx}).
 */
@PermitAll
public class InternalUsageResource implements UsageApi.Documents {

    private final Pool db;
    private final String table;
    private final String connectors;
    private final String runs;

    public InternalUsageResource(Pool db, IngestConfig config) {
        this.runs = config.db().schema() + ".connector_sync_runs";
        this.db = db;
        this.table = config.db().schema() + ".documents";
        this.connectors = config.db().schema() + ".connectors";
    }

    @Override
    public Uni<DocumentFigures> documents(String owner, java.time.Instant since) {
        String sql = "select status, source_type, count(*), coalesce(sum(chunk_count) filter (where status = 'indexed'), 0),"
                + " coalesce(sum(size_bytes), 0) from " + table
                + (owner == null ? "" : " where owner_id = $1") + " group by 1, 2 order by 1, 2"; // a fixed order: the figures' ETag
        return (owner == null ? db.query(sql).execute() : db.preparedQuery(sql).execute(Tuple.of(owner)))
                .map(rows -> {
                    Map<String, Long> byStatus = new LinkedHashMap<>();
                    for (DocumentStatus status : DocumentStatus.values()) {
                        byStatus.put(status.wire(), 0L);
                    }
                    Map<String, Long> bySource = new LinkedHashMap<>();
                    long total = 0;
                    long chunks = 0;
                    long bytes = 0;
                    for (Row row : rows) {
                        long count = row.getLong(2);
                        byStatus.merge(row.getString(0), count, Long::sum);
                        bySource.merge(row.getString(1), count, Long::sum);
                        total += count;
                        chunks += row.getLong(3);
                        bytes += row.getLong(4);
                    }
                    return new DocumentFigures(total, byStatus, bySource, chunks, bytes, null);
                })
                .chain(figures -> connections(owner, since).map(c -> new DocumentFigures(figures.total(), figures.byStatus(),
                        figures.bySource(), figures.chunks(), figures.storageBytes(), c)));
    }

    /**
     * Connections by status and the latest successful sync (one grouped scan), and the syncs that ended since
     * {@code since} (through {@code connector_sync_runs}' indexes on the end, by owner or not).
     */
    private Uni<DocumentFigures.Connections> connections(String owner, java.time.Instant since) {
        String sql = "select status, count(*), max(last_sync_at) from " + connectors
                + (owner == null ? "" : " where owner_id = $1") + " group by 1 order by 1";
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> now = owner == null ? db.query(sql).execute()
                : db.preparedQuery(sql).execute(Tuple.of(owner));
        java.time.OffsetDateTime from = (since == null ? java.time.Instant.EPOCH : since).atOffset(java.time.ZoneOffset.UTC);
        String window = "select count(*), count(*) filter (where outcome = 'failed'), count(*) filter (where outcome = 'needs_reauth'),"
                + " coalesce(sum(tasks) filter (where outcome = 'idle'), 0), coalesce(sum(created) filter (where outcome = 'idle'), 0),"
                + " coalesce(sum(updated) filter (where outcome = 'idle'), 0), coalesce(sum(deleted) filter (where outcome = 'idle'), 0)"
                + " from " + runs + " where ended_at >= $1" + (owner == null ? "" : " and owner_id = $2");
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> syncs = db.preparedQuery(window)
                .execute(owner == null ? Tuple.of(from) : Tuple.of(from, owner));
        return Uni.combine().all().unis(now, syncs).asTuple().map(t -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (ConnectorStatus status : ConnectorStatus.values()) {
                byStatus.put(status.value(), 0L);
            }
            long total = 0;
            java.time.Instant last = null;
            for (Row row : t.getItem1()) {
                byStatus.merge(row.getString(0), row.getLong(1), Long::sum);
                total += row.getLong(1);
                java.time.OffsetDateTime at = row.getOffsetDateTime(2);
                if (at != null && (last == null || at.toInstant().isAfter(last))) {
                    last = at.toInstant();
                }
            }
            Row r = t.getItem2().iterator().next();
            return new DocumentFigures.Connections(total, byStatus, last, new DocumentFigures.Syncs(r.getLong(0), r.getLong(1),
                    r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)));
        });
    }
}
