package dev.ragsuite.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;

/** Typed settings of ingest-service ({@code rag.ingest.*}); defaults suit a laptop. */
@ConfigMapping(prefix = "rag.ingest")
public interface IngestConfig {

    /** Largest accepted upload. Keep {@code quarkus.http.limits.max-body-size} a little above it. */
    @WithDefault("52428800")
    @Min(1)
    long maxUploadBytes();

    /** Where uploaded bytes are kept, one file per document, named by the document id only. */
    Path storageDir();

    /** Text extracted from one document beyond this many characters is cut off. */
    @WithDefault("5000000")
    @Min(1000)
    int maxExtractedChars();

    Chunk chunk();

    Streams streams();

    Worker worker();

    /**
     * Where DJL unpacks the tokenizer's native library when neither the {@code DJL_CACHE_DIR}
     * environment variable nor system property is set (DJL would otherwise write to {@code ~/.djl.ai}).
     */
    Path tokenizerCacheDir();

    interface Chunk {
        /** Token budget of one chunk; all-MiniLM-L6-v2 reads at most 128 tokens including [CLS]/[SEP]. */
        @WithDefault("110")
        @Min(16)
        @Max(512)
        int maxTokens();

        @WithDefault("20")
        @Min(0)
        @Max(256)
        int overlapTokens();

        /** Chunks per call to vector-service. */
        @WithDefault("64")
        @Min(1)
        @Max(dev.ragsuite.common.vector.VectorLimits.MAX_BATCH)
        int batchSize();
    }

    interface Streams {
        @WithDefault("rag:ingest:jobs")
        @NotBlank
        String jobs();

        @WithDefault("ingest-workers")
        @NotBlank
        String group();

        @WithDefault("rag:documents:events")
        @NotBlank
        String events();

        /** Approximate length the events stream is trimmed to (MAXLEN ~). */
        @WithDefault("10000")
        @Min(100)
        long eventsMaxLength();
    }

    interface Worker {
        /** Whether this instance consumes ingestion jobs (API-only instances can switch it off). */
        @WithDefault("true")
        boolean enabled();

        /** How long one XREADGROUP waits for new jobs; also bounds how fast the worker notices shutdown. */
        @WithDefault("2S")
        Duration block();

        /** Jobs fetched per XREADGROUP. */
        @WithDefault("4")
        @Min(1)
        @Max(64)
        int count();

        /** Longest a single call to vector-service may take before the job fails. */
        @WithDefault("60S")
        Duration vectorCallTimeout();

        /**
         * How long shutdown waits for the job in progress to finish (keep it under the orchestrator's
         * kill deadline). A job cut off stays pending in the stream and its row unfinished.
         */
        @WithDefault("25S")
        Duration shutdownGrace();
    }
}
