package dev.ragsuite.ingest.service;

import dev.ragsuite.common.vector.ChunkPayload;
import dev.ragsuite.common.vector.UpsertRequest;
import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.client.VectorRejectedException;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.repository.DocumentRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Processes one ingestion job, start to finish, on the calling (worker) thread: claim the row,
 * extract text, chunk, send the chunks to vector-service in batches, record the outcome.
 * <p>
 * Safe to run more than once for the same document: chunk ids are {@code <documentId>:<position>},
 * so a retry replaces what an earlier attempt stored. Never resurrects a deleted document: every
 * state change is a conditional UPDATE of an existing row, the row is re-checked between batches,
 * and if it vanished while we worked, the chunks we stored are removed again.
 */
@ApplicationScoped
public class IngestionService {

    /** What became of a job. */
    public enum Outcome { INDEXED, FAILED, SKIPPED, DELETED }

    private static final Logger LOG = Logger.getLogger(IngestionService.class);

    private final DocumentRepository documents;
    private final DocumentStorage storage;
    private final TextExtractor extractor;
    private final Chunker chunker;
    private final VectorClient vectors;
    private final DocumentEvents events;
    private final MeterRegistry metrics;
    private final int batchSize;
    private final Duration vectorCallTimeout;
    private final Timer parseTimer;
    private final Timer jobTimer;

    public IngestionService(DocumentRepository documents, DocumentStorage storage, TextExtractor extractor,
            Chunker chunker, VectorClient vectors, DocumentEvents events, MeterRegistry metrics, IngestConfig config) {
        this.documents = documents;
        this.storage = storage;
        this.extractor = extractor;
        this.chunker = chunker;
        this.vectors = vectors;
        this.events = events;
        this.metrics = metrics;
        this.batchSize = config.chunk().batchSize();
        this.vectorCallTimeout = config.worker().vectorCallTimeout();
        this.parseTimer = Timer.builder("rag.ingest.parse")
                .description("Time to extract the text of a document and chunk it")
                .register(metrics);
        this.jobTimer = Timer.builder("rag.ingest.job")
                .description("Time to process one ingestion job, from claim to final status")
                .register(metrics);
    }

    public Outcome process(IngestJob job) {
        UUID id = job.documentId();
        Document document = await(() -> Panache.withSession(() -> documents.findById(id)));
        if (document == null) {
            LOG.debugf("Document %s is gone; job skipped", id);
            return count(Outcome.SKIPPED);
        }
        if (!document.ownerId.equals(job.ownerId())) {
            LOG.warnf("Job for document %s names another owner than the row; the row wins", id);
        }
        if (document.status == DocumentStatus.INDEXED
                || await(() -> Panache.withTransaction(() -> documents.markProcessing(id, now()))) == 0) {
            return count(Outcome.SKIPPED);
        }
        events.publishNow(id, document.ownerId, DocumentStatus.PROCESSING.wire());
        Timer.Sample sample = Timer.start(metrics);
        try {
            return count(index(document));
        } finally {
            sample.stop(jobTimer);
        }
    }

    private Outcome index(Document document) {
        UUID id = document.id;
        try {
            List<String> chunks = parseTimer.recordCallable(() -> chunker.split(
                    extractor.extract(storage.pathOf(id), document.contentType)));
            if (chunks.isEmpty()) {
                return fail(document, "no text could be extracted");
            }
            for (int start = 0; start < chunks.size(); start += batchSize) {
                if (!await(() -> Panache.withSession(() -> documents.exists(id)))) {
                    return removeOrphans(document);
                }
                UpsertRequest batch = batch(document, chunks, start, Math.min(chunks.size(), start + batchSize));
                await(() -> vectors.upsert(batch).ifNoItem().after(vectorCallTimeout).fail());
            }
            if (await(() -> Panache.withTransaction(() -> documents.markIndexed(id, chunks.size(), now()))) == 0) {
                return removeOrphans(document);
            }
            events.publishNow(id, document.ownerId, DocumentStatus.INDEXED.wire());
            LOG.infof("Document %s indexed: %d chunks", id, chunks.size());
            return Outcome.INDEXED;
        } catch (ExtractionException e) {
            return fail(document, e.getMessage());
        } catch (Exception e) {
            return fail(document, describe(e));
        }
    }

    private static UpsertRequest batch(Document document, List<String> chunks, int from, int to) {
        List<ChunkPayload> payloads = new ArrayList<>(to - from);
        for (int position = from; position < to; position++) {
            payloads.add(new ChunkPayload(document.id + ":" + position, position, chunks.get(position)));
        }
        return new UpsertRequest(document.ownerId, document.id, document.name, payloads);
    }

    private Outcome fail(Document document, String reason) {
        LOG.infof("Document %s failed: %s", document.id, reason);
        try {
            if (await(() -> Panache.withTransaction(() -> documents.markFailed(document.id, reason, now()))) == 0) {
                return Outcome.DELETED;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the failure of document %s", document.id);
            return Outcome.FAILED;
        }
        events.publishNow(document.id, document.ownerId, DocumentStatus.FAILED.wire());
        return Outcome.FAILED;
    }

    /** The document was deleted while we indexed it: take back what we stored, best effort. */
    private Outcome removeOrphans(Document document) {
        LOG.infof("Document %s was deleted while being indexed; removing its chunks again", document.id);
        try {
            await(() -> vectors.deleteDocument(document.id, document.ownerId));
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the chunks of deleted document %s: %s", document.id, e.toString());
        }
        return Outcome.DELETED;
    }

    /** A short reason for the document's owner; the details go to the log. */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof VectorRejectedException || cause instanceof TimeoutException
                        || cause instanceof CircuitBreakerOpenException)) {
            cause = cause.getCause();
        }
        if (cause instanceof VectorRejectedException rejected) {
            LOG.warnf("vector-service rejected a batch: HTTP %d", rejected.status());
            return "the search index rejected the document's chunks (HTTP " + rejected.status() + ")";
        }
        if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
            return "the search index did not answer in time; upload the document again later";
        }
        if (cause instanceof CircuitBreakerOpenException || cause instanceof ProcessingException
                || cause instanceof java.net.ConnectException) {
            return "the search index is unavailable; upload the document again later";
        }
        LOG.errorf(e, "Unexpected ingestion failure");
        return "indexing failed unexpectedly";
    }

    private Outcome count(Outcome outcome) {
        metrics.counter("rag.ingest.jobs", "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
        return outcome;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs a reactive step on a Vert.x context (Hibernate Reactive needs one) and waits for it. */
    private static <T> T await(Supplier<Uni<T>> step) {
        try {
            return VertxContextSupport.subscribeAndAwait(step);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
