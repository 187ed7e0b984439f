package dev.ragsuite.common.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link LatencyHistograms} makes a Prometheus scrape show. */
class LatencyHistogramsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    LatencyHistogramsTest() {
        registry.config().meterFilter(new LatencyHistograms());
    }

    @Test
    void namedTimersGetTheirBuckets() {
        Timer.builder("rag.vector.search").tag("mode", "hybrid").register(registry).record(Duration.ofMillis(7));
        Timer.builder("rag.chat.generation").tag("mode", "llm").register(registry).record(Duration.ofSeconds(12));
        Timer.builder("http.server.requests").tag("uri", "/api/chat").register(registry).record(Duration.ofMillis(40));

        String scrape = scrape();
        // 7 ms lands in the 10 ms bucket, not the 5 ms one; buckets are cumulative
        assertTrue(scrape.contains("rag_vector_search_seconds_bucket{mode=\"hybrid\",le=\"0.005\"} 0.0"), scrape);
        assertTrue(scrape.contains("rag_vector_search_seconds_bucket{mode=\"hybrid\",le=\"0.01\"} 1.0"), scrape);
        assertTrue(scrape.contains("rag_vector_search_seconds_bucket{mode=\"hybrid\",le=\"+Inf\"} 1.0"), scrape);
        assertTrue(scrape.contains("rag_chat_generation_seconds_bucket{mode=\"llm\",le=\"10.0\"} 0.0"), scrape);
        assertTrue(scrape.contains("rag_chat_generation_seconds_bucket{mode=\"llm\",le=\"20.0\"} 1.0"), scrape);
        assertTrue(scrape.contains("rag_chat_generation_seconds_bucket{mode=\"llm\",le=\"60.0\"} 1.0"), scrape);
        assertTrue(scrape.contains("http_server_requests_seconds_bucket{uri=\"/api/chat\",le=\"0.05\"} 1.0"), scrape);
        assertTrue(scrape.contains("http_server_requests_seconds_bucket{uri=\"/api/chat\",le=\"0.025\"} 0.0"), scrape);
    }

    @Test
    void everyConfiguredTimerHasAscendingBucketsFromMillisecondsToSeconds() {
        LatencyHistograms.BUCKETS.forEach((name, buckets) -> {
            for (int i = 1; i < buckets.length; i++) {
                assertTrue(buckets[i].compareTo(buckets[i - 1]) > 0, name + " buckets ascend");
            }
            assertTrue(buckets[0].toMillis() <= 50, name + " starts at milliseconds");
            assertTrue(buckets[buckets.length - 1].toSeconds() >= 10, name + " reaches tens of seconds");
        });
    }

    @Test
    void otherTimersKeepCountSumAndMaxOnly() {
        Timer.builder("rag.something.else").register(registry).record(Duration.ofMillis(3));

        String scrape = scrape();
        assertTrue(scrape.contains("rag_something_else_seconds_count 1.0"), scrape);
        assertFalse(scrape.contains("rag_something_else_seconds_bucket"), scrape);
    }

    /** The scrape, with the simpleclient's trailing comma in label sets ({@code …,}) dropped. */
    private String scrape() {
        return registry.scrape().replace(",}", "}");
    }
}
