package dev.ragsuite.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Gives the latency timers Prometheus histogram buckets ({@code <name>_seconds_bucket{le=…}}), so
 * {@code histogram_quantile} works on them. Fixed boundaries per kind of work (service-level objectives
 * rather than Micrometer's ~70 generated buckets), from a millisecond to a minute or two: HTTP
 * requests (server and client), embedding, search, rerank and retrieval, answer generation, and the
 * three ingestion stages. Timers not named here keep plain count/sum/max. Quarkus applies every
 * {@link MeterFilter} bean to its registries.
 */
@ApplicationScoped
public class LatencyHistograms implements MeterFilter {

    /** Requests through our HTTP servers and clients: fast reads up to slow uploads and model answers. */
    static final Duration[] HTTP = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000);
    /** Embedding a batch of texts, and a search, rerank or retrieval: milliseconds, seconds when a model is cold. */
    static final Duration[] FAST = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);
    /** An answer: a few ms extractive, seconds to tens of seconds from a language model. */
    static final Duration[] GENERATION = millis(5, 25, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000);
    /** Parsing or embedding one document: ms for a note, a minute for a large PDF. */
    static final Duration[] INGEST_STAGE = millis(10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);
    /** One ingestion job end to end. */
    static final Duration[] INGEST_JOB = millis(50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000);

    static final Map<String, Duration[]> BUCKETS = Map.of(
            "http.server.requests", HTTP,
            "http.client.requests", HTTP,
            "rag.vector.embedding", FAST,
            "rag.vector.search", FAST,
            "rag.vector.rerank", FAST,
            "rag.chat.retrieval", FAST,
            "rag.chat.generation", GENERATION,
            "rag.ingest.parse", INGEST_STAGE,
            "rag.ingest.embed", INGEST_STAGE,
            "rag.ingest.job", INGEST_JOB);

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        Duration[] buckets = id.getType() == Meter.Type.TIMER ? BUCKETS.get(id.getName()) : null;
        if (buckets == null) {
            return config;
        }
        return DistributionStatisticConfig.builder()
                .percentilesHistogram(false)
                .serviceLevelObjectives(Arrays.stream(buckets).mapToDouble(d -> (double) d.toNanos()).toArray())
                .build()
                .merge(config);
    }

    private static Duration[] millis(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    }
}
