package dev.ragsuite.auth.rest;

import dev.ragsuite.common.usage.UsageApi;
import dev.ragsuite.common.usage.UserFigures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * For chat-service's usage figures only (guarded by common's {@code InternalTokenFilter}): how many
 * accounts there are, how many were used (a session signed in or refreshed, or an API key used) and how
 * many were created since {@code since}. One query; the sessions and API keys are read through their
 * {@code last_used_at} index ({@code V3__usage_indexes.sql}).
 */
@PermitAll
public class InternalUsageResource implements UsageApi.Users {

    private final Pool db;
    private final String schema;

    public InternalUsageResource(Pool db, @ConfigProperty(name = "rag.db.schema") String schema) {
        this.db = db;
        this.schema = schema;
    }

    @Override
    public Uni<UserFigures> users(Instant since) {
        OffsetDateTime from = (since == null ? Instant.EPOCH : since).atOffset(ZoneOffset.UTC);
        String sql = "select (select count(*) from " + schema + ".users),"
                + " (select count(*) from (select user_id from " + schema + ".sessions where last_used_at >= $1"
                + " union select user_id from " + schema + ".api_keys where last_used_at >= $1) used),"
                + " (select count(*) from " + schema + ".users where created_at >= $1)";
        return db.preparedQuery(sql).execute(Tuple.of(from))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new UserFigures(row.getLong(0), row.getLong(1), row.getLong(2));
                });
    }
}
