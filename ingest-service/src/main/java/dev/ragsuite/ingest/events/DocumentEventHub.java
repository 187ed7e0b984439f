package dev.ragsuite.ingest.events;

import dev.ragsuite.streams.DocumentEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One reader of {@code rag:documents:events} per instance, shared by every progress stream (SSE)
 * of this instance: a single daemon thread tails the stream with XREAD BLOCK and broadcasts each
 * entry; subscribers filter for their document. Started by the first subscriber, so instances that
 * never serve progress never read the stream. Progress streams also poll the database, so an
 * event missed here delays an update, never loses it.
 */
@ApplicationScoped
public class DocumentEventHub {

    private static final Logger LOG = Logger.getLogger(DocumentEventHub.class);
    private static final Duration BLOCK = Duration.ofSeconds(1);

    private final StreamCommands<String, String, String> streams;
    private final String key;
    private final BroadcastProcessor<DocumentEvent> broadcast = BroadcastProcessor.create();
    private volatile boolean running;
    private Thread thread;

    public DocumentEventHub(RedisDataSource redis, DocumentEvents events) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.key = events.key();
    }

    /** Every event published from now on (hot: nothing is replayed). */
    public synchronized Multi<DocumentEvent> events() {
        if (!running) {
            running = true;
            thread = new Thread(this::tail, "document-events-hub");
            thread.setDaemon(true);
            thread.start();
        }
        return broadcast;
    }

    private void publish(StreamMessage<String, String, String> entry) {
        DocumentEvent event;
        try {
            event = DocumentEvent.fromFields(entry.payload());
        } catch (IllegalArgumentException e) {
            LOG.debugf("Skipping entry %s of %s: %s", entry.id(), key, e.getMessage());
            return;
        }
        broadcast.onNext(event);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void tail() {
        String last = "$";
        while (running) {
            try {
                List<StreamMessage<String, String, String>> entries = streams.xread(key, last, new XReadArgs().block(BLOCK).count(100));
                for (StreamMessage<String, String, String> entry : entries) {
                    last = entry.id();
                    publish(entry);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.debugf("Reading %s failed (%s); retrying", key, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
