package dev.ragsuite.ingest.jobs;

import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.ingest.extract.TextExtractor;
import dev.ragsuite.ingest.extract.ExtractionException;
import dev.ragsuite.ingest.chunking.Chunker;
import dev.ragsuite.ingest.events.DocumentEvents;

import dev.ragsuite.streams.DocumentEvent;
import dev.ragsuite.streams.DocumentEvent.Status;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.client.VectorRejectedException;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.extract.ExtractedText;
import dev.ragsuite.ingest.jobs.JobStore.Claim;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Processes one ingestion job, start to finish, on the calling (worker) thread: claim the row with a
 * lease, extract the text, chunk it, stage the chunks in vector-service under the document's version
 * (invisible to search), then — holding the row lock — activate that version, which swaps it for
 * the previous one in a single index commit, and record {@code indexed}.
 * <p>
 * Exactly once in the index: chunk ids are {@code <documentId>:v<version>:<ordinal>}, so a re-run
 * (after a crash, a retry or a duplicate stream entry) overwrites what an earlier attempt staged;
 * staged chunks of a crashed attempt are invisible until activation. Failures are either permanent
 * (unreadable file, no text, a limit, the index refusing the chunks: {@code failed} at once) or
 * transient (vector-service down or slow, unexpected errors: retried with exponential backoff,
 * {@code failed} and dead-lettered after {@code rag.ingest.jobs.max-attempts}).
 */
@ApplicationScoped
public class IngestionService {

    /** What became of a job. */
    public enum Outcome { INDEXED, FAILED, RETRY, SKIPPED, DELETED, SUPERSEDED, POSTPONED, RELEASED }

    private static final Logger LOG = Logger.getLogger(IngestionService.class);

    private final JobStore jobs;
    private final JobQueue queue;
    private final DocumentStorage storage;
    private final TextExtractor extractor;
    private final Chunker chunker;
    private final VectorClient vectors;
    private final DocumentEvents events;
    private final MeterRegistry metrics;
    private final IngestConfig config;
    private final int batchSize;
    private final Duration vectorCallTimeout;
    private final Timer parseTimer;
    private final Timer embedTimer;
    private final Timer jobTimer;
    private final Counter chunksIngested;
    private final Counter retries;
    private final Counter deadLetters;
    /** Set on shutdown: the job in progress gives itself back at its next step instead of going on. */
    private volatile boolean releasing;

    public IngestionService(JobStore jobs, JobQueue queue, DocumentStorage storage, TextExtractor extractor,
            Chunker chunker, VectorClient vectors, DocumentEvents events, MeterRegistry metrics, IngestConfig config) {
        this.jobs = jobs;
        this.queue = queue;
        this.storage = storage;
        this.extractor = extractor;
        this.chunker = chunker;
        this.vectors = vectors;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.batchSize = config.chunk().batchSize();
        this.vectorCallTimeout = config.worker().vectorCallTimeout();
        this.parseTimer = Timer.builder("rag.ingest.parse")
                .description("Time to extract the text of a document and chunk it")
                .register(metrics);
        this.embedTimer = Timer.builder("rag.ingest.embed")
                .description("Time vector-service takes to embed and stage one batch of chunks")
                .register(metrics);
        this.jobTimer = Timer.builder("rag.ingest.job")
                .description("Time to process one ingestion job, from claim to final status")
                .register(metrics);
        this.chunksIngested = Counter.builder("rag.ingest.chunks")
                .description("Chunks of documents that reached the indexed state").register(metrics);
        this.retries = Counter.builder("rag.ingest.retries")
                .description("Attempts that failed transiently and were scheduled again").register(metrics);
        this.deadLetters = Counter.builder("rag.ingest.dead.letters")
                .description("Jobs given up on after the maximum of attempts").register(metrics);
    }

    /**
     * Asks the job in progress (if any) to give itself back at its next step — before its next batch
     * of chunks goes to vector-service — instead of going on: its row is queued again (the attempt not
     * counted) and {@link Outcome#RELEASED} tells the worker to leave the stream entry pending, for
     * another worker to reclaim. Irreversible: meant for shutdown only. The worker thread does the
     * release itself, so it never races the job.
     */
    public void releaseAtNextStep() {
        releasing = true;
    }

    public Outcome process(IngestJob job) {
        Optional<Claim> claimed = jobs.claim(job.documentId(), job.version(), config.jobs().lease());
        if (claimed.isEmpty()) {
            LOG.debugf("Job %s v%d is not claimable (gone, superseded, held or finished)", job.documentId(), job.version());
            return count(Outcome.SKIPPED);
        }
        Claim claim = claimed.get();
        if (jobs.processingCount(claim.ownerId()) > config.jobs().maxConcurrentPerOwner()) {
            jobs.postpone(claim.documentId(), claim.version(), config.jobs().ownerBusyDelay());
            return count(Outcome.POSTPONED);
        }
        events.publishNow(event(claim, Status.PROCESSING).withAttempt(claim.attempts()));
        Timer.Sample sample = Timer.start(metrics);
        try {
            return count(index(claim));
        } finally {
            sample.stop(jobTimer);
        }
    }

    private Outcome index(Claim claim) {
        UUID id = claim.documentId();
        try {
            List<Chunker.Chunk> chunks = parseTimer.recordCallable(() -> chunker.split(
                    extractor.extract(storage.pathOf(claim.storageKey()), claim.contentType())));
            if (chunks.isEmpty()) {
                return fail(claim, "no text could be extracted");
            }
            if (chunks.size() > config.limits().maxChunks()) {
                return fail(claim, "the document has " + chunks.size() + " chunks; the limit is "
                        + config.limits().maxChunks() + " (rag.ingest.limits.max-chunks)");
            }
            int total = chunks.size();
            Span.current().setAttribute("rag.chunk.count", total); // the worker's CONSUMER span
            if (!jobs.progress(id, claim.version(), 0, total, config.jobs().lease())) {
                return abandon(claim);
            }
            events.publishNow(event(claim, Status.PARSED).withProgress(0, total));
            for (int start = 0; start < total; start += batchSize) {
                if (releasing) {
                    return release(claim);
                }
                int end = Math.min(total, start + batchSize);
                UpsertRequest batch = batch(claim, chunks.subList(start, end));
                embedTimer.record(() -> await(() -> vectors.upsert(batch).ifNoItem().after(vectorCallTimeout).fail()));
                if (!jobs.progress(id, claim.version(), end, total, config.jobs().lease())) {
                    return abandon(claim);
                }
                events.publishNow(event(claim, Status.EMBEDDED).withProgress(end, total));
            }
            JobStore.Current result = jobs.finish(id, claim.version(), total, Chunker.VERSION,
                    () -> await(() -> vectors.activateVersion(id, claim.version(), claim.ownerId())
                            .ifNoItem().after(vectorCallTimeout).fail()));
            return switch (result) {
                case OURS -> {
                    chunksIngested.increment(total);
                    events.publishNow(event(claim, Status.INDEXED).withProgress(total, total));
                    LOG.infof("Document %s v%d indexed: %d chunks", id, claim.version(), total);
                    yield Outcome.INDEXED;
                }
                case GONE -> removeOrphans(claim);
                case SUPERSEDED -> discard(claim);
            };
        } catch (ExtractionException e) {
            return fail(claim, e.getMessage());
        } catch (JobStore.JobStoreException e) {
            throw e; // the database is unreachable: leave the stream entry pending, the lease expires, it comes back
        } catch (Exception e) {
            if (rejected(e) != null) {
                return fail(claim, describe(e));
            }
            return retryOrGiveUp(claim, describe(e));
        }
    }

    private static DocumentEvent event(Claim claim, Status status) {
        return DocumentEvent.of(claim.documentId(), claim.ownerId(), status).withVersion(claim.version());
    }

    private UpsertRequest batch(Claim claim, List<Chunker.Chunk> chunks) {
        List<ChunkPayload> payloads = new ArrayList<>(chunks.size());
        for (Chunker.Chunk chunk : chunks) {
            payloads.add(new ChunkPayload(chunkId(claim.documentId(), claim.version(), chunk.ordinal()), chunk.ordinal(),
                    chunk.text(), chunk.page(), chunk.headingPath(), chunk.startChar(), Chunker.VERSION));
        }
        return new UpsertRequest(claim.ownerId(), claim.documentId(), claim.name(), payloads, claim.version());
    }

    /** Deterministic: the same document, version and ordinal always make the same id, so re-runs overwrite. */
    public static String chunkId(UUID documentId, int version, int ordinal) {
        return documentId + ":v" + version + ":" + ordinal;
    }

    private Outcome fail(Claim claim, String reason) {
        LOG.infof("Document %s v%d failed: %s", claim.documentId(), claim.version(), reason);
        if (!jobs.fail(claim.documentId(), claim.version(), reason)) {
            return abandon(claim);
        }
        discardQuietly(claim);
        events.publishNow(event(claim, Status.FAILED).withReason(reason));
        return Outcome.FAILED;
    }

    private Outcome retryOrGiveUp(Claim claim, String reason) {
        Optional<JobStore.RetryDecision> decision = jobs.retryOrFail(claim.documentId(), claim.version(), reason,
                config.jobs().maxAttempts(), config.jobs().backoff(), config.jobs().maxBackoff());
        if (decision.isEmpty()) {
            return abandon(claim);
        }
        if (decision.get().willRetry()) {
            retries.increment();
            LOG.infof("Document %s v%d attempt %d failed (%s); next attempt at %s", claim.documentId(), claim.version(),
                    decision.get().attempts(), reason, decision.get().nextAttemptAt());
            events.publishNow(event(claim, Status.RETRYING).withReason(reason)
                    .withAttempt(decision.get().attempts()));
            return Outcome.RETRY;
        }
        deadLetter(new IngestJob(claim.documentId(), claim.ownerId(), claim.version()), decision.get().attempts(), reason);
        discardQuietly(claim);
        return Outcome.FAILED;
    }

    /** A job the reconciler gave up on (its worker died on the last attempt): drop its staged chunks, dead-letter it. */
    public void giveUp(IngestJob job, int attempts, String reason) {
        try {
            await(() -> vectors.discardVersion(job.documentId(), job.version(), job.ownerId()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not discard the staged chunks of document %s v%d: %s", job.documentId(), job.version(), e.toString());
        }
        deadLetter(job, attempts, reason);
    }

    /** Records a job given up on: dead-letter entry, event, metric. Never throws. */
    public void deadLetter(IngestJob job, int attempts, String reason) {
        deadLetters.increment();
        LOG.warnf("Document %s v%d failed for good after %d attempts: %s", job.documentId(), job.version(), attempts, reason);
        try {
            queue.deadLetter(job, attempts, reason);
        } catch (RuntimeException e) {
            LOG.errorf("Could not write the dead letter of document %s: %s", job.documentId(), e.getMessage());
        }
        events.publishNow(DocumentEvent.of(job.documentId(), job.ownerId(), Status.FAILED).withVersion(job.version())
                .withReason(reason).withAttempt(attempts));
    }

    /**
     * Shutdown: the row goes back to queued for another worker; the chunks staged so far stay staged
     * (invisible) and are overwritten by the next attempt, whose chunk ids are the same.
     */
    private Outcome release(Claim claim) {
        if (!jobs.release(claim.documentId(), claim.version())) {
            return abandon(claim);
        }
        LOG.infof("Document %s v%d released at shutdown; another worker takes it over", claim.documentId(), claim.version());
        return Outcome.RELEASED;
    }

    /** The row is gone or moved on without us: find out which and clean up what we staged. */
    private Outcome abandon(Claim claim) {
        return jobs.exists(claim.documentId()) ? discard(claim) : removeOrphans(claim);
    }

    /** A newer version (or another worker) took over: our staged chunks will never be activated. */
    private Outcome discard(Claim claim) {
        LOG.infof("Document %s v%d was superseded while being indexed; discarding its staged chunks",
                claim.documentId(), claim.version());
        discardQuietly(claim);
        return Outcome.SUPERSEDED;
    }

    private void discardQuietly(Claim claim) {
        try {
            await(() -> vectors.discardVersion(claim.documentId(), claim.version(), claim.ownerId()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not discard the staged chunks of document %s v%d: %s", claim.documentId(), claim.version(), e.toString());
        }
    }

    /** The document was deleted while we indexed it: take back what we stored, best effort. */
    private Outcome removeOrphans(Claim claim) {
        LOG.infof("Document %s was deleted while being indexed; removing its chunks again", claim.documentId());
        try {
            await(() -> vectors.deleteDocument(claim.documentId(), claim.ownerId()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the chunks of deleted document %s: %s", claim.documentId(), e.toString());
        }
        return Outcome.DELETED;
    }

    private static VectorRejectedException rejected(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof VectorRejectedException rejected) {
                return rejected;
            }
        }
        return null;
    }

    /** A short reason for the document's owner; the details go to the log. */
    static String describe(Throwable e) {
        VectorRejectedException rejected = rejected(e);
        if (rejected != null) {
            LOG.warnf("vector-service rejected a batch: HTTP %d", rejected.status());
            return "the search index rejected the document's chunks (HTTP " + rejected.status() + ")";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return "the search index did not answer in time";
            }
            if (cause instanceof CircuitBreakerOpenException || cause instanceof ProcessingException
                    || cause instanceof java.net.ConnectException) {
                return "the search index is unavailable";
            }
        }
        LOG.errorf(e, "Unexpected ingestion failure");
        return "indexing failed unexpectedly";
    }

    private Outcome count(Outcome outcome) {
        metrics.counter("rag.ingest.jobs", "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
        return outcome;
    }

    /** Runs a reactive step on a Vert.x context (REST client and Hibernate Reactive need one) and waits for it. */
    static <T> T await(Supplier<Uni<T>> step) {
        // The step runs on a new Vert.x duplicated context, where the REST client looks for the trace
        // context; hand it the worker's CONSUMER span (current on this thread). The context exists only
        // for this call, so the scope is left open on purpose.
        io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
        try {
            return VertxContextSupport.subscribeAndAwait(() -> {
                trace.makeCurrent();
                return step.get();
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
