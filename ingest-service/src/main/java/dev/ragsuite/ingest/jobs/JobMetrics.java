package dev.ragsuite.ingest.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/** The meters of ingestion jobs ({@code rag.ingest.*}), recorded by {@link IngestionService}. */
final class JobMetrics {

    private final MeterRegistry registry;
    final Timer parse;
    final Timer embed;
    final Timer job;
    final Counter chunksIngested;
    final Counter retries;
    final Counter deadLetters;

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.parse = Timer.builder("rag.ingest.parse")
                .description("Time to extract the text of a document and chunk it")
                .register(registry);
        this.embed = Timer.builder("rag.ingest.embed")
                .description("Time vector-service takes to embed and stage one batch of chunks")
                .register(registry);
        this.job = Timer.builder("rag.ingest.job")
                .description("Time to process one ingestion job, from claim to final status")
                .register(registry);
        this.chunksIngested = Counter.builder("rag.ingest.chunks")
                .description("Chunks of documents that reached the indexed state").register(registry);
        this.retries = Counter.builder("rag.ingest.retries")
                .description("Attempts that failed transiently and were scheduled again").register(registry);
        this.deadLetters = Counter.builder("rag.ingest.dead.letters")
                .description("Jobs given up on after the maximum of attempts").register(registry);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    /** Counts the outcome ({@code rag.ingest.jobs{outcome}}) and returns it. */
    IngestionService.Outcome count(IngestionService.Outcome outcome) {
        registry.counter("rag.ingest.jobs", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        return outcome;
    }
}
