package dev.ragsuite.ingest.jobs;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.ingest.chunking.Chunker;
import dev.ragsuite.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes sure no document is stranded, whatever happened to Redis or to a worker: periodically it
 * asks PostgreSQL (the job truth) for queued jobs that are due but whose stream entry is missing or
 * stale — a retry whose backoff elapsed, an entry lost to a Redis restart or FLUSHDB — and for
 * processing jobs whose worker's lease expired, and enqueues them again (or, after the maximum of
 * attempts, fails and dead-letters them).
 * <p>
 * Leader-free: every replica may run it; {@code FOR UPDATE SKIP LOCKED} hands each row to one
 * reconciler per pass, and a duplicate stream entry would be harmless anyway (claiming is a
 * conditional UPDATE). It also refreshes the documents-by-state gauges, and queues documents indexed by an
 * older chunker for chunking again ({@code rag.ingest.jobs.rechunk-batch}), so a chunker change reaches
 * every document, in the background, while the old chunks serve.
 */
@Startup
@ApplicationScoped
public class JobReconciler {

    private static final Logger LOG = Logger.getLogger(JobReconciler.class);
    private static final int BATCH = 200;
    private static final List<String> STATES = List.of("queued", "processing", "indexed", "failed");

    private final JobStore jobs;
    private final JobQueue queue;
    private final IngestionService ingestion;
    private final IngestConfig config;
    private final Map<String, Long> byState = new ConcurrentHashMap<>();
    private final Counter rechunked;
    private ScheduledExecutorService timer;

    public JobReconciler(JobStore jobs, JobQueue queue, IngestionService ingestion,
            IngestConfig config, MeterRegistry metrics) {
        this.jobs = jobs;
        this.queue = queue;
        this.ingestion = ingestion;
        this.config = config;
        for (String state : STATES) {
            Gauge.builder("rag.ingest.documents", byState, m -> m.getOrDefault(state, 0L))
                    .description("Documents by ingestion state (all owners)")
                    .tag("state", state)
                    .register(metrics);
        }
        this.rechunked = Counter.builder("rag.ingest.rechunk.queued")
                .description("Documents queued for chunking again because another chunker version had indexed them")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        if (!config.jobs().reconcilerEnabled()) {
            LOG.info("Job reconciler disabled (rag.ingest.jobs.reconciler-enabled=false)");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ingest-reconciler"));
        long every = config.jobs().reconcileInterval().toMillis();
        timer.scheduleWithFixedDelay(this::runSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void runSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warnf("Reconciling ingestion jobs failed (will try again): %s", e.getMessage());
        }
    }

    /**
     * One pass, on the reconciler's thread (or a test's), which waits for each step: a pass is a short
     * sequence, and the next one starts {@code reconcile-interval} after it ended. Returns how many rows it acted on.
     */
    public int reconcile() {
        byState.putAll(withZeros(jobs.countByStatus().await().indefinitely()));
        List<JobStore.Reconciled> rows = jobs.reconcile(config.jobs().staleAfter(), config.jobs().maxAttempts(), BATCH)
                .await().indefinitely();
        for (JobStore.Reconciled row : rows) {
            IngestJob job = new IngestJob(row.documentId(), row.ownerId(), row.version());
            if ("failed".equals(row.status())) {
                ingestion.giveUp(job, row.attempts(), row.reason());
                continue;
            }
            try {
                queue.enqueueNow(job);
            } catch (RuntimeException e) {
                // the row says "enqueued just now": it is picked again once that is stale-after old
                LOG.warnf("Could not re-enqueue document %s: %s", row.documentId(), e.getMessage());
            }
        }
        if (!rows.isEmpty()) {
            LOG.infof("Reconciler re-enqueued or failed %d ingestion job(s)", rows.size());
        }
        return rows.size() + rechunk();
    }

    /**
     * Queues documents indexed by another chunker version than this code's for chunking again (as their next
     * version, behind the uploads: {@link JobStore#queueRechunk}). Returns how many.
     */
    private int rechunk() {
        int batch = config.jobs().rechunkBatch();
        if (batch == 0) {
            return 0;
        }
        List<JobStore.Reconciled> rows = jobs.queueRechunk(Chunker.VERSION, batch).await().indefinitely();
        for (JobStore.Reconciled row : rows) {
            try {
                queue.enqueueNow(new IngestJob(row.documentId(), row.ownerId(), row.version()));
            } catch (RuntimeException e) {
                LOG.warnf("Could not enqueue the re-chunk of document %s (the next pass will): %s", row.documentId(),
                        e.getMessage());
            }
        }
        if (!rows.isEmpty()) {
            rechunked.increment(rows.size());
            LOG.infof("Queued %d document(s) indexed by an older chunker for chunking with %s", rows.size(), Chunker.VERSION);
        }
        return rows.size();
    }

    private static Map<String, Long> withZeros(Map<String, Long> counts) {
        Map<String, Long> all = new java.util.HashMap<>();
        STATES.forEach(s -> all.put(s, counts.getOrDefault(s, 0L)));
        return all;
    }
}
