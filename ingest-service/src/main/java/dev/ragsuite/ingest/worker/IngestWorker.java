package dev.ragsuite.ingest.worker;

import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.service.IngestJob;
import dev.ragsuite.ingest.service.IngestionService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Consumes {@code rag:ingest:jobs} as a member of the consumer group {@code ingest-workers}, on one
 * dedicated thread (never the event loop), one job at a time. Each entry is acknowledged once the
 * job was handled, whatever the outcome; PostgreSQL records the job's state (and a retry is a row
 * the reconciler enqueues again when it is due).
 * <p>
 * On shutdown the worker finishes the job in progress, then stops reading. Entries a crashed
 * worker read but never acknowledged stay in the group's pending list; every
 * {@code rag.ingest.jobs.reclaim-interval} each worker takes over entries idle longer than
 * {@code rag.ingest.jobs.reclaim-idle} with XAUTOCLAIM and handles them. The row's lease decides
 * whether the job is really abandoned: a reclaimed entry of a job whose worker is alive and
 * renewing its lease is just acknowledged. The consumer name ({@code host-pid}) tells whose entries were whose.
 */
@Startup
@ApplicationScoped
public class IngestWorker {

    private static final Logger LOG = Logger.getLogger(IngestWorker.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int RECLAIM_BATCH = 50;

    private final StreamCommands<String, String, String> streams;
    private final IngestionService ingestion;
    private final IngestConfig config;
    private final String consumer;
    private volatile boolean running;
    private Thread thread;

    public IngestWorker(RedisDataSource redis, IngestionService ingestion, IngestConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.ingestion = ingestion;
        this.config = config;
        this.consumer = consumerName();
    }

    void start(@Observes StartupEvent event) {
        if (!config.worker().enabled()) {
            LOG.info("Ingestion worker disabled (rag.ingest.worker.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "ingest-worker");
        thread.setDaemon(true); // never keeps the JVM alive on its own; stop() waits for it explicitly
        thread.start();
        LOG.infof("Ingestion worker %s consuming %s as group %s", consumer, config.streams().jobs(), config.streams().group());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread == null) {
            return;
        }
        try {
            thread.join(config.worker().shutdownGrace().toMillis() + config.worker().block().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Ingestion worker still busy at shutdown; its job stays pending in the stream and will be retried");
        }
    }

    /**
     * XGROUP CREATE … MKSTREAM from the beginning of the stream (jobs queued before any worker ever
     * ran are not lost; replaying one is harmless); an existing group (BUSYGROUP) is fine.
     */
    private void createGroup() {
        try {
            streams.xgroupCreate(config.streams().jobs(), config.streams().group(), "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private void loop() {
        XReadGroupArgs args = new XReadGroupArgs().block(config.worker().block()).count(config.worker().count());
        long backoff = 0;
        boolean groupReady = false;
        long nextReclaim = 0;
        while (running) {
            List<StreamMessage<String, String, String>> entries;
            try {
                if (!groupReady) {
                    createGroup(); // here rather than at start-up, so a Redis outage at boot only delays work
                    groupReady = true;
                }
                if (System.nanoTime() - nextReclaim >= 0) {
                    nextReclaim = System.nanoTime() + config.jobs().reclaimInterval().toNanos();
                    for (StreamMessage<String, String, String> entry : reclaim()) {
                        if (!running) {
                            break;
                        }
                        handle(entry);
                    }
                }
                entries = streams.xreadgroup(config.streams().group(), consumer, config.streams().jobs(), ">", args);
                backoff = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    groupReady = false; // the stream was deleted under us (e.g. FLUSHDB): recreate it
                    continue;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(500, backoff * 2));
                LOG.warnf("Reading ingestion jobs failed (%s); retrying in %d ms", e.getMessage(), backoff);
                pause(backoff);
                continue;
            }
            for (StreamMessage<String, String, String> entry : entries) {
                if (!running) {
                    break; // the rest stays pending for another worker
                }
                handle(entry);
            }
        }
        LOG.infof("Ingestion worker %s stopped", consumer);
    }

    /**
     * Takes over the group's entries that were delivered to some consumer but not acknowledged for
     * longer than {@code reclaim-idle} (their worker is probably dead), walking the whole pending list.
     */
    public List<StreamMessage<String, String, String>> reclaim() {
        List<StreamMessage<String, String, String>> claimed = new java.util.ArrayList<>();
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String, String> page = streams.xautoclaim(config.streams().jobs(),
                    config.streams().group(), consumer, config.jobs().reclaimIdle(), cursor, RECLAIM_BATCH);
            page.getMessages().stream().filter(m -> m.payload() != null).forEach(claimed::add);
            cursor = page.getId();
        } while (cursor != null && !"0-0".equals(cursor) && claimed.size() < RECLAIM_BATCH * 10);
        if (!claimed.isEmpty()) {
            LOG.infof("Reclaimed %d pending ingestion job(s) from other consumers", claimed.size());
        }
        return claimed;
    }

    private void handle(StreamMessage<String, String, String> entry) {
        try {
            IngestJob job = IngestJob.fromFields(entry.payload());
            IngestionService.Outcome outcome = ingestion.process(job);
            LOG.debugf("Job %s for document %s: %s", entry.id(), job.documentId(), outcome);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Dropping malformed job entry %s: %s", entry.id(), e.getMessage());
        } catch (RuntimeException e) {
            // the database failed mid-job: leave the entry pending; it is reclaimed, or the reconciler finds the row
            LOG.errorf(e, "Job %s could not be completed; it stays pending", entry.id());
            return;
        }
        try {
            streams.xack(config.streams().jobs(), config.streams().group(), entry.id());
        } catch (RuntimeException e) {
            LOG.warnf("Could not acknowledge job %s (it may be delivered again, which is harmless): %s",
                    entry.id(), e.getMessage());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public String consumer() {
        return consumer;
    }

    private static String consumerName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "unknown-host";
            }
        });
        return host + "-" + ProcessHandle.current().pid();
    }
}
