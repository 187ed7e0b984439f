package dev.ragsuite.ingest.jobs;

import dev.ragsuite.streams.DocumentEvent;
import dev.ragsuite.streams.DocumentEvent.Status;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.client.VectorRejectedException;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.extract.ExtractedText;
import dev.ragsuite.ingest.jobs.JobStore.Claim;
import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.ingest.extract.TextExtractor;
import dev.ragsuite.ingest.extract.ExtractionException;
import dev.ragsuite.ingest.chunking.Chunker;
import dev.ragsuite.ingest.events.DocumentEvents;
import dev.ragsuite.ingest.importing.ImportRefusedException;
import dev.ragsuite.ingest.importing.UrlDownload;
import dev.ragsuite.ingest.importing.UrlFetcher;
import dev.ragsuite.vector.api.DocumentSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Processes one ingestion job, start to finish, on the calling (worker) thread, which waits for each
 * reactive step in turn (a job is a sequence: nothing in it could run at the same time): claim the row with a
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
    private final JobMetrics metrics;
    private final IngestConfig config;
    private final UrlDownload download;
    private final int batchSize;
    private final Duration vectorCallTimeout;
    /** Set on shutdown: the job in progress gives itself back at its next step instead of going on. */
    private volatile boolean releasing;

    public IngestionService(JobStore jobs, JobQueue queue, DocumentStorage storage, TextExtractor extractor,
            Chunker chunker, VectorClient vectors, DocumentEvents events, MeterRegistry metrics, IngestConfig config,
            UrlDownload download) {
        this.download = download;
        this.jobs = jobs;
        this.queue = queue;
        this.storage = storage;
        this.extractor = extractor;
        this.chunker = chunker;
        this.vectors = vectors;
        this.events = events;
        this.metrics = new JobMetrics(metrics);
        this.config = config;
        this.batchSize = config.chunk().batchSize();
        this.vectorCallTimeout = config.worker().vectorCallTimeout();
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

    /**
     * Runs one job on the calling thread (the worker's; never an event loop), step after step, each
     * database, Redis or vector-service step a Uni of the reactive clients that this thread waits for.
     */
    public Outcome process(IngestJob job) {
        Optional<Claim> claimed = jobs.claim(job.documentId(), job.version(), config.jobs().lease()).await().indefinitely();
        if (claimed.isEmpty()) {
            LOG.debugf("Job %s v%d is not claimable (gone, superseded, held or finished)", job.documentId(), job.version());
            return metrics.count(Outcome.SKIPPED);
        }
        Claim claim = claimed.get();
        if (jobs.processingCount(claim.ownerId()).await().indefinitely() > config.jobs().maxConcurrentPerOwner()) {
            jobs.postpone(claim.documentId(), claim.version(), config.jobs().ownerBusyDelay()).await().indefinitely();
            return metrics.count(Outcome.POSTPONED);
        }
        publish(event(claim, Status.PROCESSING).withAttempt(claim.attempts()));
        Timer.Sample sample = metrics.start();
        try {
            if (DocumentSource.URL.equals(claim.source().type()) && download.needed(claim.storageKey())) {
                claim = fetch(claim);
                if (claim == null) {
                    return metrics.count(Outcome.SKIPPED); // deleted or superseded while fetching
                }
            }
            return metrics.count(index(claim));
        } catch (ImportRefusedException e) {
            return metrics.count(fail(claim, e.getMessage()));
        } catch (UrlFetcher.FetchFailedException e) {
            return metrics.count(retryOrGiveUp(claim, e.getMessage()));
        } catch (ExtractionException e) {
            return metrics.count(fail(claim, e.getMessage()));
        } catch (JobStore.JobStoreException e) {
            throw e; // the database is unreachable: leave the stream entry pending, the lease expires, it comes back
        } catch (Exception e) {
            return metrics.count(rejected(e) != null ? fail(claim, describe(e)) : retryOrGiveUp(claim, describe(e)));
        } finally {
            sample.stop(metrics.job);
        }
    }

    /** A URL import's first step: fetch, sniff and store the bytes, and record them; null when the job is no longer ours. */
    private Claim fetch(Claim claim) throws Exception {
        UrlDownload.Downloaded page = download.download(claim.source().url(), claim.storageKey());
        LOG.infof("Document %s v%d fetched from %s: %d bytes of %s", claim.documentId(), claim.version(), page.finalUrl(),
                page.sizeBytes(), page.contentType());
        boolean ours = jobs.recordFetched(claim.documentId(), claim.version(), page.contentType(), page.sizeBytes(),
                page.sha256()).await().indefinitely();
        if (!ours) {
            abandon(claim);
            return null;
        }
        return claim.withContentType(page.contentType());
    }

    /** Extract, chunk, stage batch after batch (renewing the lease), then activate and record {@code indexed}. */
    private Outcome index(Claim claim) throws Exception {
        UUID id = claim.documentId();
        List<Chunker.Chunk> chunks = metrics.parse.recordCallable(() -> chunker.split(
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
        if (!renewLease(claim, 0, total)) {
            return abandon(claim);
        }
        publish(event(claim, Status.PARSED).withProgress(0, total));
        for (int start = 0; start < total; start += batchSize) {
            if (releasing) {
                return release(claim);
            }
            int end = Math.min(total, start + batchSize);
            UpsertRequest batch = batch(claim, chunks.subList(start, end));
            metrics.embed.record(() -> vectors.upsert(batch).ifNoItem().after(vectorCallTimeout).fail().await().indefinitely());
            if (!renewLease(claim, end, total)) {
                return abandon(claim);
            }
            publish(event(claim, Status.EMBEDDED).withProgress(end, total));
        }
        boolean[] sharedAtActivation = {claim.published()};
        JobStore.Current result = jobs.finish(id, claim.version(), total, Chunker.VERSION, publishedNow -> {
                    sharedAtActivation[0] = publishedNow;
                    Uni<?> activation = vectors.activateVersion(id, claim.version(), claim.ownerId())
                            .ifNoItem().after(vectorCallTimeout).fail();
                    // published or unpublished since the claim: the chunks staged with the old flag get the current one
                    return publishedNow == claim.published() ? activation
                            : activation.chain(() -> vectors.setVisibility(id, claim.ownerId(), publishedNow)
                                    .ifNoItem().after(vectorCallTimeout).fail());
                })
                .await().indefinitely();
        return switch (result) {
            case OURS -> {
                metrics.chunksIngested.increment(total);
                publish(event(claim, Status.INDEXED).withProgress(total, total).withShared(sharedAtActivation[0]));
                LOG.infof("Document %s v%d indexed: %d chunks", id, claim.version(), total);
                yield Outcome.INDEXED;
            }
            case GONE -> removeOrphans(claim);
            case SUPERSEDED -> discard(claim);
        };
    }

    private boolean renewLease(Claim claim, int done, int total) {
        return jobs.progress(claim.documentId(), claim.version(), done, total, config.jobs().lease()).await().indefinitely();
    }

    private void publish(DocumentEvent event) {
        events.publish(event).await().indefinitely(); // never fails
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
        return new UpsertRequest(claim.ownerId(), claim.documentId(), claim.name(), payloads, claim.version(),
                claim.source(), claim.published());
    }

    /** Deterministic: the same document, version and ordinal always make the same id, so re-runs overwrite. */
    public static String chunkId(UUID documentId, int version, int ordinal) {
        return documentId + ":v" + version + ":" + ordinal;
    }

    private Outcome fail(Claim claim, String reason) {
        LOG.infof("Document %s v%d failed: %s", claim.documentId(), claim.version(), reason);
        if (!jobs.fail(claim.documentId(), claim.version(), reason).await().indefinitely()) {
            return abandon(claim);
        }
        discardStaged(claim.documentId(), claim.version(), claim.ownerId());
        publish(event(claim, Status.FAILED).withReason(reason));
        return Outcome.FAILED;
    }

    private Outcome retryOrGiveUp(Claim claim, String reason) {
        Optional<JobStore.RetryDecision> decision = jobs.retryOrFail(claim.documentId(), claim.version(), reason,
                config.jobs().maxAttempts(), config.jobs().backoff(), config.jobs().maxBackoff()).await().indefinitely();
        if (decision.isEmpty()) {
            return abandon(claim);
        }
        if (decision.get().willRetry()) {
            metrics.retries.increment();
            LOG.infof("Document %s v%d attempt %d failed (%s); next attempt at %s", claim.documentId(), claim.version(),
                    decision.get().attempts(), reason, decision.get().nextAttemptAt());
            publish(event(claim, Status.RETRYING).withReason(reason).withAttempt(decision.get().attempts()));
            return Outcome.RETRY;
        }
        giveUp(new IngestJob(claim.documentId(), claim.ownerId(), claim.version()), decision.get().attempts(), reason);
        return Outcome.FAILED;
    }

    /**
     * A job given up on (out of attempts, here or — its worker died on the last attempt — in the
     * reconciler): its staged chunks dropped, a dead-letter entry, an event, a metric. Never throws.
     */
    public void giveUp(IngestJob job, int attempts, String reason) {
        discardStaged(job.documentId(), job.version(), job.ownerId());
        metrics.deadLetters.increment();
        LOG.warnf("Document %s v%d failed for good after %d attempts: %s", job.documentId(), job.version(), attempts, reason);
        queue.deadLetter(job, attempts, reason)
                .onFailure().invoke(e -> LOG.errorf("Could not write the dead letter of document %s: %s", job.documentId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .await().indefinitely();
        publish(DocumentEvent.of(job.documentId(), job.ownerId(), Status.FAILED).withVersion(job.version())
                .withReason(reason).withAttempt(attempts));
    }

    /**
     * Shutdown: the row goes back to queued for another worker; the chunks staged so far stay staged
     * (invisible) and are overwritten by the next attempt, whose chunk ids are the same.
     */
    private Outcome release(Claim claim) {
        if (!jobs.release(claim.documentId(), claim.version()).await().indefinitely()) {
            return abandon(claim);
        }
        LOG.infof("Document %s v%d released at shutdown; another worker takes it over", claim.documentId(), claim.version());
        return Outcome.RELEASED;
    }

    /** The row is gone or moved on without us: find out which and clean up what we staged. */
    private Outcome abandon(Claim claim) {
        return jobs.exists(claim.documentId()).await().indefinitely() ? discard(claim) : removeOrphans(claim);
    }

    /** A newer version (or another worker) took over: our staged chunks will never be activated. */
    private Outcome discard(Claim claim) {
        LOG.infof("Document %s v%d was superseded while being indexed; discarding its staged chunks",
                claim.documentId(), claim.version());
        discardStaged(claim.documentId(), claim.version(), claim.ownerId());
        return Outcome.SUPERSEDED;
    }

    /** Best effort: a failure is logged, the staged chunks stay invisible. */
    private void discardStaged(UUID documentId, int version, String ownerId) {
        vectors.discardVersion(documentId, version, ownerId)
                .onFailure().invoke(e -> LOG.warnf("Could not discard the staged chunks of document %s v%d: %s",
                        documentId, version, e.toString()))
                .onFailure().recoverWithNull()
                .await().indefinitely();
    }

    /** The document was deleted while we indexed it: take back what we stored, best effort. */
    private Outcome removeOrphans(Claim claim) {
        LOG.infof("Document %s was deleted while being indexed; removing its chunks again", claim.documentId());
        vectors.deleteDocument(claim.documentId(), claim.ownerId())
                .onFailure().invoke(e -> LOG.warnf("Could not remove the chunks of deleted document %s: %s",
                        claim.documentId(), e.toString()))
                .onFailure().recoverWithNull()
                .await().indefinitely();
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
}
