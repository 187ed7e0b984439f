package dev.ragsuite.ingest.events;

import dev.ragsuite.streams.DocumentEvent;
import dev.ragsuite.streams.StreamTracing;
import dev.ragsuite.ingest.config.IngestConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes {@link DocumentEvent}s to the document events stream, trimmed to about
 * {@code rag.ingest.streams.events-max-length} entries, with the publishing span's {@code traceparent}.
 * A lost event is logged, never fatal: the database stays the truth.
 */
@ApplicationScoped
public class DocumentEvents {

    private static final Logger LOG = Logger.getLogger(DocumentEvents.class);

    private final ReactiveStreamCommands<String, String, String> reactive;
    private final String key;
    private final long maxLength;
    private final OpenTelemetry otel;

    public DocumentEvents(ReactiveRedisDataSource reactiveRedis, IngestConfig config, OpenTelemetry otel) {
        this.reactive = reactiveRedis.stream(String.class, String.class, String.class);
        this.key = config.streams().events();
        this.maxLength = config.streams().eventsMaxLength();
        this.otel = otel;
    }

    /** Publishes the event; never fails (a lost event is logged). */
    public Uni<Void> publish(DocumentEvent event) {
        return reactive.xadd(key, args(), fields(event))
                .onFailure().invoke(e -> warn(event, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public String key() {
        return key;
    }

    private XAddArgs args() {
        return new XAddArgs().maxlen(maxLength).nearlyExactTrimming();
    }

    private Map<String, String> fields(DocumentEvent event) {
        return StreamTracing.withTraceContext(otel, event.toFields());
    }

    private static void warn(DocumentEvent event, Throwable e) {
        LOG.warnf("Could not publish the '%s' event of document %s: %s", event.status().wire(), event.documentId(),
                e.getMessage());
    }
}
