package dev.ragsuite.ingest.events;

import dev.ragsuite.streams.DocumentEvent;
import dev.ragsuite.streams.StreamAppender;
import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Publishes {@link DocumentEvent}s to the document events stream, trimmed to about
 * {@code rag.ingest.streams.events-max-length} entries, with the publishing span's {@code traceparent}.
 * A lost event is logged, never fatal: the database stays the truth.
 */
@ApplicationScoped
public class DocumentEvents {

    private static final Logger LOG = Logger.getLogger(DocumentEvents.class);

    private final StreamAppender streams;
    private final String key;
    private final long maxLength;

    public DocumentEvents(StreamAppender streams, IngestConfig config) {
        this.streams = streams;
        this.key = config.streams().events();
        this.maxLength = config.streams().eventsMaxLength();
    }

    /** Publishes the event; never fails (a lost event is logged). */
    public Uni<Void> publish(DocumentEvent event) {
        return streams.append(key, maxLength, event.toFields())
                .onFailure().invoke(e -> warn(event, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public String key() {
        return key;
    }

    private static void warn(DocumentEvent event, Throwable e) {
        LOG.warnf("Could not publish the '%s' event of document %s: %s", event.status().wire(), event.documentId(),
                e.getMessage());
    }
}
