package dev.ragsuite.ingest.service;

import dev.ragsuite.common.streams.StreamTracing;
import dev.ragsuite.ingest.config.IngestConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Publishes document state changes to the {@code rag:documents:events} stream, trimmed to about
 * {@code rag.ingest.streams.events-max-length} entries. Each entry has {@code documentId},
 * {@code ownerId} and {@code status} ({@code queued}, {@code processing}, {@code parsed},
 * {@code embedded}, {@code indexed}, {@code retrying}, {@code failed}, {@code deleted}) and, where
 * they apply, {@code version}, {@code done}/{@code total} (chunks), {@code reason} and {@code attempt},
 * plus the publishing span's {@code traceparent}.
 * Events are notifications for caches and progress views; the database stays the truth, so a lost
 * event is logged, never fatal.
 */
@ApplicationScoped
public class DocumentEvents {

    public static final String QUEUED = "queued";
    public static final String PROCESSING = "processing";
    public static final String PARSED = "parsed";
    public static final String EMBEDDED = "embedded";
    public static final String INDEXED = "indexed";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
    public static final String DELETED = "deleted";

    private static final Logger LOG = Logger.getLogger(DocumentEvents.class);

    private final ReactiveStreamCommands<String, String, String> reactive;
    private final StreamCommands<String, String, String> blocking;
    private final String key;
    private final long maxLength;
    private final OpenTelemetry otel;

    public DocumentEvents(ReactiveRedisDataSource reactiveRedis, RedisDataSource redis, IngestConfig config,
            OpenTelemetry otel) {
        this.reactive = reactiveRedis.stream(String.class, String.class, String.class);
        this.blocking = redis.stream(String.class, String.class, String.class);
        this.key = config.streams().events();
        this.maxLength = config.streams().eventsMaxLength();
        this.otel = otel;
    }

    /** Non-blocking publish, for request handlers; never fails. */
    public Uni<Void> publish(UUID documentId, String ownerId, String status) {
        return publish(documentId, ownerId, status, Map.of());
    }

    public Uni<Void> publish(UUID documentId, String ownerId, String status, Map<String, String> details) {
        return reactive.xadd(key, args(), fields(documentId, ownerId, status, details))
                .onFailure().invoke(e -> warn(documentId, status, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Blocking publish, for the worker thread; never throws. */
    public void publishNow(UUID documentId, String ownerId, String status) {
        publishNow(documentId, ownerId, status, Map.of());
    }

    public void publishNow(UUID documentId, String ownerId, String status, Map<String, String> details) {
        try {
            blocking.xadd(key, args(), fields(documentId, ownerId, status, details));
        } catch (RuntimeException e) {
            warn(documentId, status, e);
        }
    }

    public String key() {
        return key;
    }

    private XAddArgs args() {
        return new XAddArgs().maxlen(maxLength).nearlyExactTrimming();
    }

    private Map<String, String> fields(UUID documentId, String ownerId, String status, Map<String, String> details) {
        Map<String, String> fields = new HashMap<>(details);
        fields.put("documentId", documentId.toString());
        fields.put("ownerId", ownerId);
        fields.put("status", status);
        return StreamTracing.withTraceContext(otel, fields);
    }

    private static void warn(UUID documentId, String status, Throwable e) {
        LOG.warnf("Could not publish the '%s' event of document %s: %s", status, documentId, e.getMessage());
    }
}
