package dev.ragsuite.ingest.config;

import dev.ragsuite.streams.DocumentEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    Limits limits();

    Parser parser();

    Api api();

    /** The public REST API of this instance. */
    interface Api {
        /**
         * Whether {@code /api/documents} is served. A worker-only replica sets it to false (its
         * health and metrics endpoints stay up) and keeps {@code rag.ingest.worker.enabled=true}.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** {@code POST /api/documents/import}: fetching documents from web addresses. */
    @WithName("import")
    UrlImport urlImport();

    interface UrlImport {
        /** Whether URL imports are accepted; off, the route answers 403 saying so. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Hosts ({@code wiki.internal}, {@code *.corp.example}), addresses and CIDR ranges ({@code 10.2.0.0/16})
         * an import may reach although they are loopback, private, link-local or otherwise special
         * ({@code RAG_IMPORT_ALLOW}, comma-separated). Empty: only public addresses.
         */
        Optional<List<String>> allow();

        /** Redirects followed, each to an address checked like the first. */
        @WithDefault("5")
        @Min(0)
        @Max(20)
        int maxRedirects();

        /** Longest the connection to one address may take. */
        @WithDefault("10S")
        Duration connectTimeout();

        /** Longest a fetch may take in all (every redirect and the whole body). */
        @WithDefault("120S")
        Duration timeout();
    }

    Jobs jobs();

    Streams streams();

    Worker worker();

    Vector vector();

    Db db();

    ClickUp clickup();

    Connectors connectors();

    /**
     * Connector syncs (docs/connectors.md, "Sync"): each connection is synced every {@code sync-interval}
     * (incrementally: tasks updated since the last successful sync) and fully every {@code full-sync-interval}
     * (which also removes what was deleted or archived in ClickUp), as jobs on a Redis stream.
     */
    interface Connectors {
        /** Whether this instance runs syncs and their schedule (API-only instances can switch it off). */
        @WithDefault("true")
        boolean syncEnabled();

        /** How often each connection is synced (counted from the start of its latest sync). */
        @WithDefault("15M")
        Duration syncInterval();

        /** How often a sync is a full pass instead of an incremental one. */
        @WithDefault("24H")
        Duration fullSyncInterval();

        /** How often the schedule looks for connections due. */
        @WithDefault("30S")
        Duration scheduleCheckInterval();

        /** A running sync's hold on its connection, renewed as it goes; a dead worker's runs out after this. */
        @WithDefault("2M")
        Duration lease();

        /** A sync asked for but not started after this long (its stream entry was lost) is asked for again. */
        @WithDefault("5M")
        Duration requestStaleAfter();

        /**
         * An incremental pass asks for tasks updated since the last successful sync's start minus this, so a
         * task saved while that sync ran, or a clock a little off ClickUp's, is not missed.
         */
        @WithDefault("2M")
        Duration cursorOverlap();

        @WithDefault("rag:connectors:sync")
        @NotBlank
        String stream();

        @WithDefault("connector-sync")
        @NotBlank
        String group();
    }

    /**
     * ClickUp's REST API (the connector's client): where it is, and how every call to it is bounded.
     * The base URL is {@code quarkus.rest-client.clickup.url} ({@code RAG_CLICKUP_API_URL}).
     */
    interface ClickUp {
        /** Longest one call may take, connection and answer included. */
        @WithDefault("20S")
        Duration timeout();

        /** Retries of a transient failure (timeout, connection error, 5xx) per call. */
        @WithDefault("3")
        @Min(0)
        @Max(10)
        int maxRetries();

        /** Delay before the first retry; doubled for each further one. */
        @WithDefault("500ms")
        Duration retryDelay();

        /**
         * Longest wait for ClickUp's rate-limit window to reset (429 or {@code X-RateLimit-Remaining: 0});
         * a longer one fails the call as rate limited instead of holding it.
         */
        @WithDefault("70S")
        Duration maxRateLimitWait();

        /** Waits for a reset a 429 may cause per call, before it fails as rate limited. */
        @WithDefault("5")
        @Min(0)
        @Max(100)
        int maxRateLimitRetries();
    }

    /** Where ingest's tables live. */
    interface Db {
        /** The schema this service owns (common-persistence's {@code rag.db.schema}). */
        @WithDefault("${rag.db.schema}")
        @NotBlank
        String schema();
    }

    /**
     * vector-service and how each call to it is guarded (application.properties holds the defaults,
     * {@code rag.ingest.vector.<call>.*}): a timeout per attempt, retries of transient failures (never of a
     * 4xx), and for the calls that matter most a circuit breaker.
     */
    interface Vector {
        /** vector-service's base URL (the REST client's {@code quarkus.rest-client.vector.url}). */
        @WithDefault("${quarkus.rest-client.vector.url}")
        URI url();

        /** Embedding and staging one batch of chunks. */
        Call upsert();

        /** Making a staged version the searchable one. */
        Call activate();

        /** Dropping the staged chunks of a version that will never be activated. */
        Call discard();

        /** Counting what the index holds of a document (deletion audit). */
        Call stats();

        /** Removing every chunk of a document. */
        Call delete();

        /** Publishing a document's chunks to every user, or taking them back. */
        Call visibility();

        Breaker breaker();

        interface Call {
            /** Longest one attempt may take. */
            Duration timeout();

            @Min(0)
            @Max(10)
            int maxRetries();

            Duration retryDelay();

            /** Random variation of the retry delay (MicroProfile Fault Tolerance's default: 200 ms). */
            @WithDefault("200ms")
            Duration retryJitter();

            /** Whether the call has a circuit breaker (see {@link Breaker}). */
            @WithDefault("false")
            boolean circuitBreaker();
        }

        /** The circuit breaker of each call that has one. */
        interface Breaker {
            /** Calls in the rolling window the failure ratio is computed over. */
            @WithDefault("8")
            @Min(1)
            int requestVolumeThreshold();

            @WithDefault("0.75")
            double failureRatio();

            /** How long an open breaker refuses calls before letting a trial call through. */
            @WithDefault("10S")
            Duration delay();
        }
    }

    /**
     * Where DJL unpacks the tokenizer's native library when neither the {@code DJL_CACHE_DIR}
     * environment variable nor system property is set (DJL would otherwise write to {@code ~/.djl.ai}).
     */
    Path tokenizerCacheDir();

    interface Chunk {
        /**
         * Largest chunk in tokens (word pieces): a paragraph up to this size is never cut. 256 keeps
         * most paragraphs whole, which keyword search and gold-passage retrieval reward
         * (docs/evaluation.md). all-MiniLM-L6-v2 embeds only the first 128 tokens of a chunk; BM25
         * in hybrid search reads all of it.
         */
        @WithDefault("256")
        @Min(16)
        @Max(512)
        int maxTokens();

        /**
         * Short paragraphs are packed into one chunk while it stays within this many tokens (capped at
         * {@code max-tokens}); 110 keeps a packed chunk inside what all-MiniLM-L6-v2 embeds.
         */
        @WithDefault("110")
        @Min(16)
        @Max(512)
        int packTokens();

        @WithDefault("20")
        @Min(0)
        @Max(256)
        int overlapTokens();

        /** Chunks per call to vector-service. */
        @WithDefault("64")
        @Min(1)
        @Max(dev.ragsuite.vector.api.VectorLimits.MAX_BATCH)
        int batchSize();
    }

    /** Retries, leases, reclaiming and reconciling of ingestion jobs. */
    interface Jobs {
        /** Attempts of one document version before it is {@code failed} and dead-lettered. */
        @WithDefault("5")
        @Min(1)
        @Max(100)
        int maxAttempts();

        /** Delay before the 2nd attempt; doubled for each further one. */
        @WithDefault("5S")
        Duration backoff();

        @WithDefault("10M")
        Duration maxBackoff();

        /**
         * How long a worker holds a job without reporting progress before others may take it over.
         * Renewed after parsing and after every batch; keep it above the parse timeout.
         */
        @WithDefault("5M")
        Duration lease();

        /** Pending stream entries idle longer than this are reclaimed (XAUTOCLAIM) from their consumer. */
        @WithDefault("2M")
        Duration reclaimIdle();

        /** How often a worker looks for entries to reclaim. */
        @WithDefault("30S")
        Duration reclaimInterval();

        /** Whether this instance runs the reconciler (safe to run in every replica). */
        @WithDefault("true")
        boolean reconcilerEnabled();

        /** How often the reconciler looks for lost or stranded jobs. */
        @WithDefault("10S")
        Duration reconcileInterval();

        /** A queued job whose stream entry is older than this is assumed lost and enqueued again. */
        @WithDefault("2M")
        Duration staleAfter();

        /** Jobs one owner may have in processing at once; more wait (stay queued) for a while. */
        @WithDefault("2")
        @Min(1)
        @Max(1000)
        int maxConcurrentPerOwner();

        /** How long a job waits when its owner already has the maximum of jobs in processing. */
        @WithDefault("5S")
        Duration ownerBusyDelay();

        /**
         * Documents indexed by another chunker version than this code's are chunked again in the background,
         * as their next version (the old chunks serve until it is activated): at most this many are queued
         * per reconciler pass, and only while fewer than this many documents are queued or processing at all,
         * so uploads never wait behind a re-chunk. 0 turns re-chunking off.
         */
        @WithDefault("10")
        @Min(0)
        @Max(10000)
        int rechunkBatch();
    }

    /** Limits of one document's processing; a breach fails the document with the reason. */
    interface Limits {
        /** Longest the text extraction of one document may take. */
        @WithDefault("120S")
        Duration parseTimeout();

        /**
         * Documents parsed at the same time by this instance: parser processes in {@code fork} mode
         * (each with its own {@code rag.ingest.parser.max-heap}), pool threads in {@code in-process} mode.
         */
        @WithDefault("2")
        @Min(1)
        @Max(64)
        int parseThreads();

        /** Pages of one PDF or presentation. */
        @WithDefault("2000")
        @Min(1)
        int maxPages();

        /** Chunks of one document. */
        @WithDefault("20000")
        @Min(1)
        int maxChunks();
    }

    /** Where documents are parsed: in child JVMs with their own memory cap, or in this service's heap. */
    interface Parser {

        enum Mode {
            /** Child JVMs ({@code ParseServer}): a file that exhausts their heap or time ends them, never the service. */
            FORK,
            /** This JVM's heap (a native image, which cannot start a child JVM): a memory bomb can end the service. */
            IN_PROCESS
        }

        @WithDefault("fork")
        Mode mode();

        /** Heap cap of one parser process ({@code -Xmx}); a file that needs more fails with that reason. */
        @WithDefault("512m")
        @Pattern(regexp = "[1-9][0-9]*[kKmMgG]?", message = "a -Xmx size such as 512m or 1g")
        String maxHeap();

        /** More options for the parser process's JVM (e.g. {@code -XX:ActiveProcessorCount=1}). */
        Optional<List<String>> javaOptions();

        /**
         * The parser process's classpath. Unset: this JVM's (a fast-jar's {@code app/}, {@code lib/main/},
         * {@code lib/boot/}); dev mode or unusual launchers set it.
         */
        Optional<String> classpath();

        /**
         * Whether a parser process is started after one ended, so the next document does not wait for a
         * JVM to start, and at boot when {@link #idleTimeout()} keeps processes for ever (with an idle
         * timeout, the first document after a quiet spell starts one).
         */
        @WithDefault("true")
        boolean warmUp();

        /** How long a new parser process may take to be ready (JVM start and Tika's parsers loaded). */
        @WithDefault("60S")
        Duration startTimeout();

        /**
         * How long a parser process may wait for its next document before it is stopped (the next
         * document then starts one: a JVM start, about a second on an idle machine); {@code 0S} keeps it
         * for ever. One that has parsed documents holds 100-120 MB.
         */
        @WithDefault("60S")
        Duration idleTimeout();
    }

    interface Streams {
        @WithDefault("rag:ingest:jobs")
        @NotBlank
        String jobs();

        @WithDefault("ingest-workers")
        @NotBlank
        String group();

        @WithDefault(DocumentEvent.STREAM)
        @NotBlank
        String events();

        /** Jobs given up on after {@code rag.ingest.jobs.max-attempts}, with their reason. */
        @WithDefault("rag:ingest:dead")
        @NotBlank
        String deadLetters();

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
         * How long shutdown waits for the job in progress to finish. After that the job is asked to
         * give itself back at its next step (see {@link #shutdownReleaseWait()}).
         */
        @WithDefault("15S")
        Duration shutdownGrace();

        /**
         * How long shutdown then waits for the job to reach its next step and release itself: queued
         * again, its stream entry left pending for another worker to reclaim. A job still busy after
         * that (a single call stuck) is cut off when the JVM exits; its lease expiring brings it back.
         * Grace + release wait + {@link #block()} must stay under the orchestrator's kill deadline
         * (Kubernetes terminationGracePeriodSeconds 40 with a 5 s preStop; Compose stop_grace_period 30 s).
         */
        @WithDefault("5S")
        Duration shutdownReleaseWait();
    }
}
