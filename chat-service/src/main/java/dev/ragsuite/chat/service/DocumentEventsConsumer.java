package dev.ragsuite.chat.service;

import dev.ragsuite.chat.config.ChatConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link AnswerCache} honest: consumes {@code rag:documents:events} as a member of the consumer
 * group {@code chat-service} on one dedicated thread, started at boot and stopped on shutdown.
 *
 * <p>Every event that can change what an owner's search returns (any status but the progress ones
 * {@code queued}, {@code processing}, {@code parsed}, {@code embedded}, {@code retrying}) bumps the owner's
 * index version, so their cached answers are never looked up again; a {@code deleted} event also drops
 * the answers that cited the document at once (the {@code rag:chat:cited:} index), should the bump be lost.
 * At-least-once: an entry is acknowledged only after it was handled, and entries left pending longer than
 * {@code rag.chat.cache.events-reclaim-idle} (a consumer died, Redis failed mid-way) are taken over with
 * XAUTOCLAIM. Handling twice is harmless: one more bump only makes more answers unreachable, and
 * dropping dropped keys does nothing.
 */
@ApplicationScoped
public class DocumentEventsConsumer {

    private static final Logger LOG = Logger.getLogger(DocumentEventsConsumer.class);
    private static final Set<String> PROGRESS = Set.of("queued", "processing", "parsed", "embedded", "retrying");
    private static final String DELETED = "deleted";
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int BATCH = 50;

    private final StreamCommands<String, String, String> streams;
    private final AnswerCache cache;
    private final ChatConfig.Cache config;
    private final String consumer;
    private volatile boolean running;
    private Thread thread;

    public DocumentEventsConsumer(@RedisClientName("cache") RedisDataSource redis, AnswerCache cache, ChatConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.cache = cache;
        this.config = config.cache();
        this.consumer = consumerName();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled() || !config.consumeEvents()) {
            LOG.info("Answer cache invalidation consumer disabled");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "chat-document-events");
        thread.setDaemon(true); // stop() waits for it explicitly
        thread.start();
        LOG.infof("Consuming %s as %s of group %s", config.eventsStream(), consumer, config.eventsGroup());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread == null) {
            return;
        }
        try {
            thread.join(config.eventsBlock().toMillis() + config.redisTimeout().toMillis() * 4 + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        XReadGroupArgs args = new XReadGroupArgs().block(config.eventsBlock()).count(BATCH);
        boolean groupReady = false;
        long backoff = 0;
        long nextReclaim = 0;
        while (running) {
            try {
                if (!groupReady) {
                    createGroup();
                    groupReady = true;
                }
                if (System.nanoTime() - nextReclaim >= 0) {
                    nextReclaim = System.nanoTime() + config.eventsReclaimInterval().toNanos();
                    reclaim().forEach(this::handle);
                }
                List<StreamMessage<String, String, String>> entries = streams.xreadgroup(config.eventsGroup(), consumer,
                        config.eventsStream(), ">", args);
                backoff = 0;
                for (StreamMessage<String, String, String> entry : entries) {
                    handle(entry);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    groupReady = false; // the stream was deleted (FLUSHDB, say): create it again
                    continue;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(500, backoff * 2));
                LOG.warnf("Reading %s failed (%s); retrying in %d ms", config.eventsStream(), e, backoff);
                pause(backoff);
            }
        }
        LOG.infof("Document events consumer %s stopped", consumer);
    }

    /**
     * XGROUP CREATE … MKSTREAM at the end of the stream: a new group has no cached answers older than
     * itself to invalidate. An existing group (BUSYGROUP) resumes where it stopped.
     */
    private void createGroup() {
        try {
            streams.xgroupCreate(config.eventsStream(), config.eventsGroup(), "$", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Takes over the group's entries pending longer than the reclaim idle time. */
    List<StreamMessage<String, String, String>> reclaim() {
        List<StreamMessage<String, String, String>> claimed = new ArrayList<>();
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String, String> page = streams.xautoclaim(config.eventsStream(), config.eventsGroup(),
                    consumer, config.eventsReclaimIdle(), cursor, BATCH);
            page.getMessages().stream().filter(m -> m.payload() != null).forEach(claimed::add);
            cursor = page.getId();
        } while (cursor != null && !"0-0".equals(cursor) && claimed.size() < BATCH * 10);
        if (!claimed.isEmpty()) {
            LOG.infof("Reclaimed %d pending document event(s)", claimed.size());
        }
        return claimed;
    }

    private void handle(StreamMessage<String, String, String> entry) {
        try {
            apply(entry.payload());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring malformed document event %s: %s", entry.id(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("Document event %s could not be applied (%s); it stays pending and is retried", entry.id(),
                    e.getMessage());
            return;
        }
        streams.xack(config.eventsStream(), config.eventsGroup(), entry.id());
    }

    /** Applies one event's fields ({@code documentId}, {@code ownerId}, {@code status}); blocking. */
    void apply(Map<String, String> fields) {
        String ownerId = required(fields, "ownerId");
        String status = required(fields, "status");
        UUID documentId = UUID.fromString(required(fields, "documentId"));
        if (PROGRESS.contains(status)) {
            return;
        }
        Duration wait = config.redisTimeout().multipliedBy(4);
        if (DELETED.equals(status)) {
            int dropped = cache.dropCiting(documentId).await().atMost(wait);
            LOG.debugf("Document %s deleted: dropped %d cached answer(s) citing it", documentId, dropped);
        }
        long version = cache.bumpIndexVersion(ownerId).await().atMost(wait);
        LOG.debugf("Document %s %s: index version of %s is now %d", documentId, status, ownerId, version);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields == null ? null : fields.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no " + name);
        }
        return value;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String consumerName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown-host";
            }
        });
        return host + "-" + ProcessHandle.current().pid();
    }
}
