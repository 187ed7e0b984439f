package dev.ragsuite.vector.embedding.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The timers every embedding provider records its model calls in ({@code rag.vector.embedding},
 * tags model and kind single/batch, with a histogram); cache hits never reach them.
 */
record ModelTimers(Timer single, Timer batch) {

    static ModelTimers register(MeterRegistry registry, String model) {
        return new ModelTimers(timer(registry, model, "single"), timer(registry, model, "batch"));
    }

    private static Timer timer(MeterRegistry registry, String model, String kind) {
        return Timer.builder("rag.vector.embedding")
                .description("Time the embedding model takes (cache hits excluded)")
                .tag("model", model).tag("kind", kind)
                .register(registry);
    }
}
