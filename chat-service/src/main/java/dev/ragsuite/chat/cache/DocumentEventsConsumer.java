package dev.ragsuite.chat.cache;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.streams.DocumentEvent;
import dev.ragsuite.streams.StreamConsumer;
import dev.ragsuite.streams.StreamGroupGauges;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link AnswerCache} honest: consumes {@code rag:documents:events} as a member of the consumer
 * group {@code chat-service} on one dedicated thread, started at boot and stopped on shutdown.
 *
 * <p>Every event that can change what an owner's search returns (any status but the progress ones
 * {@code queued}, {@code processing}, {@code parsed}, {@code embedded}, {@code retrying}) bumps the owner's
 * index version, so their cached answers are never looked up again; a {@code deleted} event also drops
 * the answers that cited the document at once (the {@code rag:chat:cited:} index), should the bump be lost.
 * An event of a document published to every user ({@code shared}), and {@code published}/{@code unpublished}
 * themselves, also bump the shared version that is part of every user's keys; {@code unpublished} drops the
 * answers citing the document as {@code deleted} does.
 * At-least-once: an entry is acknowledged only after it was handled, and entries left pending longer than
 * {@code rag.chat.cache.events-reclaim-idle} (a consumer died, Redis failed mid-way) are taken over with
 * XAUTOCLAIM. Handling twice is harmless: one more bump only makes more answers unreachable, and
 * dropping dropped keys does nothing. The stream mechanics are {@link StreamConsumer}'s.
 */
@ApplicationScoped
public class DocumentEventsConsumer {

    private static final Logger LOG = Logger.getLogger(DocumentEventsConsumer.class);
    private static final int BATCH = 50;

    private final AnswerCache cache;
    private final ChatConfig.Cache config;
    private final StreamConsumer consumer;
    private final RedisDataSource redis;
    private final StreamGroupGauges gauges;

    public DocumentEventsConsumer(@RedisClientName("cache") RedisDataSource redis, AnswerCache cache, ChatConfig config,
            StreamGroupGauges gauges, OpenTelemetry otel) {
        this.cache = cache;
        this.config = config.cache();
        this.redis = redis;
        this.gauges = gauges;
        // a new group starts at the end of the stream ("$"): it has no cached answers older than itself to invalidate
        this.consumer = new StreamConsumer(redis, otel, new StreamConsumer.Settings(this.config.eventsStream(),
                this.config.eventsGroup(), StreamConsumer.hostConsumerName(), "$", BATCH, this.config.eventsBlock(),
                this.config.eventsReclaimIdle(), this.config.eventsReclaimInterval(), "chat-document-events",
                "document event"), this::handle);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled() || !config.consumeEvents()) {
            LOG.info("Answer cache invalidation consumer disabled");
            return;
        }
        consumer.start();
        gauges.watch(redis, config.eventsStream(), config.eventsGroup()); // rag_stream_lag / rag_stream_pending
        LOG.infof("Consuming %s as %s of group %s", config.eventsStream(), consumer.consumer(), config.eventsGroup());
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop(config.eventsBlock().plus(config.redisTimeout().multipliedBy(4)).plusSeconds(1));
    }

    /** Applies the entry; a malformed one ({@link IllegalArgumentException}) is dropped by the consumer. */
    private boolean handle(StreamMessage<String, String, String> entry) {
        apply(entry.payload());
        return true;
    }

    /** Applies one event; blocking. @throws IllegalArgumentException for an entry that is not a document event */
    void apply(Map<String, String> fields) {
        DocumentEvent event = DocumentEvent.fromFields(fields);
        if (event.status().inProgress()) {
            return;
        }
        Duration wait = config.redisTimeout().multipliedBy(4);
        if (event.status() == DocumentEvent.Status.DELETED || event.status() == DocumentEvent.Status.UNPUBLISHED) {
            int dropped = cache.dropCiting(event.documentId()).await().atMost(wait);
            LOG.debugf("Document %s %s: dropped %d cached answer(s) citing it", event.documentId(), event.status().wire(),
                    dropped);
        }
        if (event.shared() || event.status().visibility()) {
            long shared = cache.bumpSharedVersion().await().atMost(wait);
            LOG.debugf("Shared document %s %s: shared index version is now %d", event.documentId(), event.status().wire(),
                    shared);
        }
        long version = cache.bumpIndexVersion(event.ownerId()).await().atMost(wait);
        LOG.debugf("Document %s %s: index version of %s is now %d", event.documentId(), event.status().wire(),
                event.ownerId(), version);
    }
}
