package dev.ragsuite.ingest.service;

import dev.ragsuite.ingest.config.IngestConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Publishes document state changes ({@code queued}, {@code processing}, {@code indexed},
 * {@code failed}, and {@code deleted}) to the {@code rag:documents:events} stream, trimmed to about
 * {@code rag.ingest.streams.events-max-length} entries. Events are notifications for caches and
 * progress views; the database stays the truth, so a lost event is logged, never fatal.
 */
@ApplicationScoped
public class DocumentEvents {

    public static final String DELETED = "deleted";
    private static final Logger LOG = Logger.getLogger(DocumentEvents.class);

    private final ReactiveStreamCommands<String, String, String> reactive;
    private final StreamCommands<String, String, String> blocking;
    private final String key;
    private final long maxLength;

    public DocumentEvents(ReactiveRedisDataSource reactiveRedis, RedisDataSource redis, IngestConfig config) {
        this.reactive = reactiveRedis.stream(String.class, String.class, String.class);
        this.blocking = redis.stream(String.class, String.class, String.class);
        this.key = config.streams().events();
        this.maxLength = config.streams().eventsMaxLength();
    }

    /** Non-blocking publish, for request handlers; never fails. */
    public Uni<Void> publish(UUID documentId, String ownerId, String status) {
        return reactive.xadd(key, args(), fields(documentId, ownerId, status))
                .onFailure().invoke(e -> warn(documentId, status, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Blocking publish, for the worker thread; never throws. */
    public void publishNow(UUID documentId, String ownerId, String status) {
        try {
            blocking.xadd(key, args(), fields(documentId, ownerId, status));
        } catch (RuntimeException e) {
            warn(documentId, status, e);
        }
    }

    private XAddArgs args() {
        return new XAddArgs().maxlen(maxLength).nearlyExactTrimming();
    }

    private static Map<String, String> fields(UUID documentId, String ownerId, String status) {
        return Map.of("documentId", documentId.toString(), "ownerId", ownerId, "status", status);
    }

    private static void warn(UUID documentId, String status, Throwable e) {
        LOG.warnf("Could not publish the '%s' event of document %s: %s", status, documentId, e.getMessage());
    }
}
