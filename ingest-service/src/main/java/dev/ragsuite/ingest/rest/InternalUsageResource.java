package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.usage.DocumentFigures;
import dev.ragsuite.common.usage.UsageApi;
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

    public InternalUsageResource(Pool db, IngestConfig config) {
        this.db = db;
        this.table = config.db().schema() + ".documents";
    }

    @Override
    public Uni<DocumentFigures> documents(String owner) {
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
                    return new DocumentFigures(total, byStatus, bySource, chunks, bytes);
                });
    }
}
