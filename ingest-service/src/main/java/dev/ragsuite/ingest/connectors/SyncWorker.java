package dev.ragsuite.ingest.connectors;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.ingest.clickup.ClickUpSync;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.streams.StreamConsumer;
import dev.ragsuite.streams.StreamGroupGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs connector syncs: consumes {@code rag:connectors:sync} as a member of the group
 * {@code connector-sync} on one thread of its own, one sync at a time, and every
 * {@code rag.ingest.connectors.schedule-check-interval} puts the connections that are due on the stream
 * ({@link SyncStore#markDue}: every {@code sync-interval}, and again when an entry got lost). Leader-free:
 * every replica may run both; the row's lease makes sure one connection is synced by one worker at a time.
 * Entries a dead worker left pending are reclaimed (XAUTOCLAIM) like ingestion jobs'.
 */
@Startup
@ApplicationScoped
public class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);
    private static final int DUE_BATCH = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> STATES = List.of("idle", "syncing", "failed", "needs_reauth");
    /** Finished syncs are kept longer than the longest usage window ({@code UsageWindow.MAX_DAYS}). */
    static final Duration KEEP_RUNS = Duration.ofDays(400);

    private final ClickUpSync sync;
    private final SyncStore store;
    private final SyncQueue queue;
    private final IngestConfig config;
    private final StreamConsumer consumer;
    private final RedisDataSource redis;
    private final StreamGroupGauges gauges;
    private final Map<String, Long> byStatus = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public SyncWorker(RedisDataSource redis, ClickUpSync sync, SyncStore store, SyncQueue queue, IngestConfig config,
            StreamGroupGauges gauges, OpenTelemetry otel, MeterRegistry metrics) {
        this.sync = sync;
        this.store = store;
        this.queue = queue;
        this.config = config;
        this.redis = redis;
        this.gauges = gauges;
        IngestConfig.Connectors c = config.connectors();
        this.consumer = new StreamConsumer(redis, otel, new StreamConsumer.Settings(c.stream(), c.group(),
                StreamConsumer.hostConsumerName(), "0", 1, config.worker().block(), c.lease(), c.lease(),
                "connector-sync", "connector sync"), this::handle);
        for (String status : STATES) {
            Gauge.builder("rag.connectors", byStatus, m -> m.getOrDefault(status, 0L))
                    .description("Connections to third-party systems by status (all owners)")
                    .tag("status", status).register(metrics);
        }
    }

    void start(@Observes StartupEvent event) {
        gauges.watch(redis, config.connectors().stream(), config.connectors().group());
        if (!config.connectors().syncEnabled()) {
            LOG.info("Connector syncs disabled on this instance (rag.ingest.connectors.sync-enabled=false)");
            return;
        }
        consumer.start();
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("connector-schedule"));
        long every = config.connectors().scheduleCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::scheduleSafely, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("Connector sync worker %s consuming %s; each connection synced every %s (full pass every %s)",
                consumer.consumer(), config.connectors().stream(), config.connectors().syncInterval(),
                config.connectors().fullSyncInterval());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        // a sync still running at exit keeps its lease until it runs out; the schedule then asks for it again
        consumer.stop(config.worker().block().plus(Duration.ofSeconds(2)));
    }

    private void scheduleSafely() {
        try {
            schedule();
        } catch (RuntimeException e) {
            LOG.warnf("Scheduling connector syncs failed (will try again): %s", e.getMessage());
        }
    }

    /** One pass of the schedule, on the caller's thread (the schedule's, or a test's): how many syncs it asked for. */
    public int schedule() {
        byStatus.putAll(withZeros(store.countByStatus().await().atMost(WAIT)));
        store.pruneRuns(KEEP_RUNS).await().atMost(WAIT);
        List<SyncStore.Requested> due = store.markDue(config.connectors().syncInterval(),
                config.connectors().requestStaleAfter(), DUE_BATCH).await().atMost(WAIT);
        for (SyncStore.Requested requested : due) {
            try {
                queue.enqueue(requested.connectorId(), requested.ownerId()).await().atMost(WAIT);
            } catch (RuntimeException e) {
                // the row says "asked for": asked again once that is request-stale-after old
                LOG.warnf("Could not enqueue the sync of connection %s: %s", requested.connectorId(), e.getMessage());
            }
        }
        if (!due.isEmpty()) {
            LOG.debugf("Asked for %d connector sync(s)", due.size());
        }
        return due.size();
    }

    /** Runs one sync; acknowledged whatever its outcome (the row records it). */
    private boolean handle(StreamMessage<String, String, String> entry) {
        UUID connectorId = SyncQueue.connectorOf(entry.payload());
        Span.current().setAttribute("rag.connector.id", connectorId.toString());
        ClickUpSync.Result result = sync.run(connectorId, consumer.consumer());
        Span.current().setAttribute("rag.connector.sync.outcome", result.outcome().name());
        if (result.askedAgain()) {
            queue.enqueue(connectorId, entry.payload().getOrDefault(SyncQueue.OWNER_ID, "")).await().atMost(WAIT);
        }
        return true;
    }

    private static Map<String, Long> withZeros(Map<String, Long> counts) {
        Map<String, Long> all = new java.util.HashMap<>();
        STATES.forEach(s -> all.put(s, counts.getOrDefault(s, 0L)));
        return all;
    }
}
