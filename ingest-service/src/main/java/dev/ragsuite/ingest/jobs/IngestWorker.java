package dev.ragsuite.ingest.jobs;

import dev.ragsuite.streams.StreamConsumer;
import dev.ragsuite.streams.StreamGroupGauges;
import dev.ragsuite.ingest.config.IngestConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Consumes {@code rag:ingest:jobs} as a member of the consumer group {@code ingest-workers}, on one
 * dedicated thread (never the event loop), one job at a time. Each entry is acknowledged once the
 * job was handled, whatever the outcome; PostgreSQL records the job's state (and a retry is a row
 * the reconciler enqueues again when it is due).
 * <p>
 * On shutdown the worker stops taking jobs at once and finishes the job in progress, or, if that
 * takes longer than {@code rag.ingest.worker.shutdown-grace}, has it release itself at its next step:
 * the row is queued again and the entry stays pending for another worker. Entries a crashed
 * worker read but never acknowledged stay in the group's pending list; every
 * {@code rag.ingest.jobs.reclaim-interval} each worker takes over entries idle longer than
 * {@code rag.ingest.jobs.reclaim-idle} with XAUTOCLAIM and handles them. The row's lease decides
 * whether the job is really abandoned: a reclaimed entry of a job whose worker is alive and
 * renewing its lease is just acknowledged. The consumer name ({@code host-pid}) tells whose entries were whose.
 * The stream mechanics are {@link StreamConsumer}'s; this class only handles a job.
 */
@Startup
@ApplicationScoped
public class IngestWorker {

    private static final Logger LOG = Logger.getLogger(IngestWorker.class);

    private final IngestionService ingestion;
    private final IngestConfig config;
    private final StreamConsumer consumer;
    private final RedisDataSource redis;
    private final StreamGroupGauges gauges;

    public IngestWorker(RedisDataSource redis, IngestionService ingestion, IngestConfig config, StreamGroupGauges gauges,
            OpenTelemetry otel) {
        this.ingestion = ingestion;
        this.config = config;
        this.redis = redis;
        this.gauges = gauges;
        // group created from the beginning of the stream ("0"): jobs queued before any worker ever ran
        // are not lost, and replaying one is harmless
        this.consumer = new StreamConsumer(redis, otel, new StreamConsumer.Settings(config.streams().jobs(),
                config.streams().group(), StreamConsumer.hostConsumerName(), "0", config.worker().count(),
                config.worker().block(), config.jobs().reclaimIdle(), config.jobs().reclaimInterval(),
                "ingest-worker", "ingestion job"), this::handle);
    }

    void start(@Observes StartupEvent event) {
        // rag_stream_lag / rag_stream_pending of the group: reported even while this worker is disabled
        gauges.watch(redis, config.streams().jobs(), config.streams().group());
        if (!config.worker().enabled()) {
            LOG.info("Ingestion worker disabled (rag.ingest.worker.enabled=false)");
            return;
        }
        consumer.start();
        LOG.infof("Ingestion worker %s consuming %s as group %s", consumer.consumer(), config.streams().jobs(),
                config.streams().group());
    }

    /**
     * Stops taking jobs at once; lets the job in progress finish within {@code shutdown-grace}, else
     * has it release itself at its next step within {@code shutdown-release-wait} (queued again, its
     * stream entry left pending for another worker to reclaim).
     */
    void stop(@Observes ShutdownEvent event) {
        long started = System.nanoTime();
        if (consumer.stop(config.worker().shutdownGrace().plus(config.worker().block()))) {
            LOG.infof("Ingestion worker stopped in %d ms", (System.nanoTime() - started) / 1_000_000);
            return;
        }
        LOG.infof("Ingestion worker still busy after %s; releasing its job", config.worker().shutdownGrace());
        ingestion.releaseAtNextStep();
        if (consumer.stop(config.worker().shutdownReleaseWait())) {
            LOG.infof("Ingestion worker stopped in %d ms", (System.nanoTime() - started) / 1_000_000);
        } else {
            LOG.warn("Ingestion worker still busy at exit; its job is retried once its lease expires");
        }
    }

    /**
     * Takes over the group's entries that were delivered to some consumer but not acknowledged for
     * longer than {@code reclaim-idle} (their worker is probably dead), walking the whole pending list.
     */
    public List<StreamMessage<String, String, String>> reclaim() {
        return consumer.reclaim();
    }

    /**
     * Runs one job; acknowledged whatever the outcome (PostgreSQL records it), except a job released
     * at shutdown, which stays pending for another worker to reclaim. A malformed entry
     * ({@link IllegalArgumentException}) is dropped; any other failure (the database failed mid-job)
     * leaves the entry pending: it is reclaimed, or the reconciler finds the row.
     */
    private boolean handle(StreamMessage<String, String, String> entry) {
        IngestJob job = IngestJob.fromFields(entry.payload());
        Span span = Span.current(); // StreamConsumer's CONSUMER span, continuing the upload's trace
        span.setAttribute("rag.document.id", job.documentId().toString());
        span.setAttribute("rag.document.version", job.version());
        IngestionService.Outcome outcome = ingestion.process(job);
        span.setAttribute("rag.ingest.outcome", outcome.name());
        LOG.debugf("Job %s for document %s: %s", entry.id(), job.documentId(), outcome);
        return outcome != IngestionService.Outcome.RELEASED; // released at shutdown: pending, for another worker
    }

    public String consumer() {
        return consumer.consumer();
    }
}
