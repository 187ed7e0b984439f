package dev.ragsuite.ingest.service;

import dev.ragsuite.ingest.config.IngestConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Enqueues ingestion jobs on the Redis stream the workers' consumer group reads. */
@ApplicationScoped
public class JobQueue {

    /**
     * Safety cap on the job stream (approximate trim). Entries are pointers and are acknowledged as
     * soon as they are handled; if a backlog ever exceeded this, PostgreSQL still knows which
     * documents are unfinished.
     */
    static final long MAX_LENGTH = 100_000;

    private final ReactiveStreamCommands<String, String, String> streams;
    private final String key;

    public JobQueue(ReactiveRedisDataSource redis, IngestConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.key = config.streams().jobs();
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(IngestJob job) {
        return streams.xadd(key, new XAddArgs().maxlen(MAX_LENGTH).nearlyExactTrimming(), job.toFields());
    }
}
