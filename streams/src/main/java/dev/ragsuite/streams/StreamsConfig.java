package dev.ragsuite.streams;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the stream machinery shared by every service that reads a stream ({@code rag.streams.*}). */
@ConfigMapping(prefix = "rag.streams")
public interface StreamsConfig {

    /** How often {@link StreamGroupGauges} reads {@code XINFO GROUPS} for the lag and pending gauges. */
    @WithDefault("15s")
    Duration metricsInterval();
}
