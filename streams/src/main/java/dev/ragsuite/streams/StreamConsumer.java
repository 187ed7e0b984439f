package dev.ragsuite.streams;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One member of a Redis-stream consumer group, reading on its own daemon thread (never the event loop).
 *
 * <p>The group is created (XGROUP CREATE … MKSTREAM) on the first pass of the loop rather than at
 * start-up, so a Redis outage at boot only delays work; an existing group (BUSYGROUP) is resumed, and a
 * group that vanished (NOGROUP, e.g. after FLUSHDB) is created again. Read failures back off up to 30 s.
 * Every {@link Settings#reclaimInterval()} the consumer takes over, with XAUTOCLAIM, the group's entries
 * pending longer than {@link Settings#reclaimIdle()} (their consumer probably died) and handles them.
 *
 * <p>At-least-once: an entry is acknowledged only when the {@link Handler} returns {@code true}, or
 * when it throws {@link IllegalArgumentException} (a malformed entry: retrying cannot help, so it is
 * logged and dropped). Any other exception, or {@code false}, leaves the entry pending, to be reclaimed.
 * {@link #stop(Duration)} lets the entry in progress finish; the rest of a batch stays pending.
 *
 * <p>Each entry is handled inside a CONSUMER span ({@code process <stream>}) whose parent is the
 * producer's span named by the entry's {@code traceparent} field (see {@link StreamTracing}); the
 * span's trace and span ids are in the log context (MDC) of the handler's log lines.
 */
public final class StreamConsumer {

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int RECLAIM_PAGE = 50;
    private static final int RECLAIM_MAX = RECLAIM_PAGE * 10;

    /**
     * Handles one stream entry; returns whether to acknowledge it. It gets the whole entry (id and every
     * field), so per-entry metadata — a W3C {@code traceparent} field, say — can be read here, or by a
     * handler that wraps another, without changing this class.
     */
    @FunctionalInterface
    public interface Handler {
        boolean handle(StreamMessage<String, String, String> entry);
    }

    /**
     * @param stream          the stream key
     * @param group           the consumer group
     * @param consumer        this member's name (see {@link #hostConsumerName()})
     * @param startId         where a newly created group starts: {@code "0"} (the whole stream) or {@code "$"} (new entries only)
     * @param batch           entries per XREADGROUP
     * @param block           how long one XREADGROUP waits; also bounds how fast the loop notices {@link #stop}
     * @param reclaimIdle     pending entries idle longer than this are taken over
     * @param reclaimInterval how often to look for them
     * @param threadName      the reading thread's name
     * @param what            what an entry is, for log lines ("ingestion job", "document event")
     */
    public record Settings(String stream, String group, String consumer, String startId, int batch, Duration block,
            Duration reclaimIdle, Duration reclaimInterval, String threadName, String what) {
        public Settings {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(startId, "startId");
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(reclaimIdle, "reclaimIdle");
            Objects.requireNonNull(reclaimInterval, "reclaimInterval");
            Objects.requireNonNull(threadName, "threadName");
            Objects.requireNonNull(what, "what");
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1");
            }
        }
    }

    private final StreamCommands<String, String, String> streams;
    private final Settings settings;
    private final Handler handler;
    private final OpenTelemetry otel;
    private final Tracer tracer;
    private volatile boolean running;
    private Thread thread;

    /** A consumer whose spans go nowhere (tests of the stream mechanics). */
    public StreamConsumer(RedisDataSource redis, Settings settings, Handler handler) {
        this(redis, OpenTelemetry.noop(), settings, handler);
    }

    /** @param otel the application's OpenTelemetry (the CDI bean), for the trace context and the CONSUMER spans */
    public StreamConsumer(RedisDataSource redis, OpenTelemetry otel, Settings settings, Handler handler) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.settings = settings;
        this.handler = handler;
        this.otel = otel;
        this.tracer = otel.getTracer(StreamConsumer.class.getName());
    }

    /** Starts the reading thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::loop, settings.threadName());
        thread.setDaemon(true); // never keeps the JVM alive on its own; stop() waits for it explicitly
        thread.start();
    }

    /**
     * Stops reading after the entry in progress and waits up to {@code wait} for the thread to end;
     * returns whether it did. Does nothing (and returns {@code true}) if never started.
     */
    public boolean stop(Duration wait) {
        running = false;
        Thread reader;
        synchronized (this) {
            reader = thread;
        }
        if (reader == null) {
            return true;
        }
        try {
            reader.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !reader.isAlive();
    }

    public String consumer() {
        return settings.consumer();
    }

    private void loop() {
        XReadGroupArgs args = new XReadGroupArgs().block(settings.block()).count(settings.batch());
        long backoff = 0;
        boolean groupReady = false;
        long nextReclaim = System.nanoTime();
        while (running) {
            List<StreamMessage<String, String, String>> entries;
            try {
                if (!groupReady) {
                    createGroup();
                    groupReady = true;
                }
                if (System.nanoTime() - nextReclaim >= 0) {
                    nextReclaim = System.nanoTime() + settings.reclaimInterval().toNanos();
                    handleAll(reclaim());
                }
                entries = streams.xreadgroup(settings.group(), settings.consumer(), settings.stream(), ">", args);
                backoff = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    groupReady = false; // the stream was deleted under us (e.g. FLUSHDB): create it again
                    continue;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(500, backoff * 2));
                LOG.warnf("Reading %s failed (%s); retrying in %d ms", settings.stream(), e, backoff);
                pause(backoff);
                continue;
            }
            handleAll(entries);
        }
        LOG.infof("Consumer %s of %s (group %s) stopped", settings.consumer(), settings.stream(), settings.group());
    }

    /** XGROUP CREATE … MKSTREAM at {@link Settings#startId()}; an existing group (BUSYGROUP) is fine. */
    void createGroup() {
        try {
            streams.xgroupCreate(settings.stream(), settings.group(), settings.startId(), new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /**
     * Takes over the group's entries delivered to some consumer but not acknowledged for longer than
     * the reclaim idle time, walking the pending list (at most 500 per call); deleted entries are skipped.
     */
    public List<StreamMessage<String, String, String>> reclaim() {
        List<StreamMessage<String, String, String>> claimed = new ArrayList<>();
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String, String> page = streams.xautoclaim(settings.stream(), settings.group(),
                    settings.consumer(), settings.reclaimIdle(), cursor, RECLAIM_PAGE);
            page.getMessages().stream().filter(m -> m.payload() != null).forEach(claimed::add);
            cursor = page.getId();
        } while (cursor != null && !"0-0".equals(cursor) && claimed.size() < RECLAIM_MAX);
        if (!claimed.isEmpty()) {
            LOG.infof("Reclaimed %d pending %s entr%s of %s", claimed.size(), settings.what(),
                    claimed.size() == 1 ? "y" : "ies", settings.stream());
        }
        return claimed;
    }

    private void handleAll(List<StreamMessage<String, String, String>> entries) {
        for (StreamMessage<String, String, String> entry : entries) {
            if (!running) {
                break; // the rest stays pending, for this or another consumer to reclaim
            }
            handle(entry);
        }
    }

    /**
     * Handles one entry, in a CONSUMER span continuing the producer's trace, and acknowledges it when
     * the handler says so or the entry is malformed.
     */
    void handle(StreamMessage<String, String, String> entry) {
        Span span = tracer.spanBuilder("process " + settings.stream())
                .setParent(StreamTracing.extract(otel, entry.payload()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", settings.stream())
                .setAttribute("messaging.consumer.group.name", settings.group())
                .setAttribute("messaging.message.id", entry.id())
                .startSpan();
        SpanContext ids = span.getSpanContext();
        // a plain thread: Quarkus fills the log context (MDC) from the span only on Vert.x contexts
        MDC.put("traceId", ids.getTraceId());
        MDC.put("spanId", ids.getSpanId());
        try (Scope scope = span.makeCurrent()) {
            handleInSpan(entry, span);
        } finally {
            span.end();
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
    }

    private void handleInSpan(StreamMessage<String, String, String> entry, Span span) {
        boolean ack;
        try {
            ack = handler.handle(entry);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Dropping malformed %s %s: %s", settings.what(), entry.id(), e.getMessage());
            span.setStatus(StatusCode.ERROR, "malformed entry");
            ack = true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "The %s %s could not be handled; it stays pending and is retried", settings.what(), entry.id());
            // the exception's class only: a message could quote what the entry pointed at
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            return;
        }
        span.setAttribute("rag.stream.acknowledged", ack);
        if (!ack) {
            return;
        }
        try {
            streams.xack(settings.stream(), settings.group(), entry.id());
        } catch (RuntimeException e) {
            LOG.warnf("Could not acknowledge %s %s (it may be delivered again, which is harmless): %s",
                    settings.what(), entry.id(), e.getMessage());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** {@code host-pid}: {@code $HOSTNAME} (or the local host name) and this process's id. */
    public static String hostConsumerName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown-host";
            }
        });
        return host + "-" + ProcessHandle.current().pid();
    }
}
