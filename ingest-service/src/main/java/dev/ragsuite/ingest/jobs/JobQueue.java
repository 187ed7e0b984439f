package dev.ragsuite.ingest.jobs;

import dev.ragsuite.streams.StreamAppender;
import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * Enqueues ingestion jobs on the Redis stream the workers' consumer group reads, and writes jobs
 * given up on to the dead-letter stream. An entry is only a wake-up call: the documents row is the
 * job, and the reconciler re-enqueues rows whose entry got lost. Each entry carries the enqueuing
 * span's {@code traceparent}, so the worker's span continues the upload's trace.
 */
@ApplicationScoped
public class JobQueue {

    /**
     * Safety cap on the job and dead-letter streams (approximate trim). If a backlog ever exceeded it,
     * PostgreSQL still knows which documents are unfinished.
     */
    static final long MAX_LENGTH = 100_000;
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    private final StreamAppender streams;
    private final String key;
    private final String deadLetters;

    public JobQueue(StreamAppender streams, IngestConfig config) {
        this.streams = streams;
        this.key = config.streams().jobs();
        this.deadLetters = config.streams().deadLetters();
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(IngestJob job) {
        return streams.append(key, MAX_LENGTH, job.toFields());
    }

    /**
     * The reconciler's enqueue of a row whose entry is missing or stale, on the reconciler's own thread
     * (never an event loop), which waits for it. @return the stream entry id
     */
    public String enqueueNow(IngestJob job) {
        return enqueue(job).await().atMost(REDIS_WAIT);
    }

    /** Records a job given up on. */
    public Uni<String> deadLetter(IngestJob job, int attempts, String reason) {
        return streams.append(deadLetters, MAX_LENGTH, Map.of(
                IngestJob.DOCUMENT_ID, job.documentId().toString(),
                IngestJob.OWNER_ID, job.ownerId(),
                IngestJob.VERSION, Integer.toString(job.version()),
                "attempts", Integer.toString(attempts),
                "reason", reason == null ? "" : reason));
    }
}
