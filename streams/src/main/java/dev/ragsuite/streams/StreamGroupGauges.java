package dev.ragsuite.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How far behind a Redis-stream consumer group is, as two gauges tagged {@code stream} and {@code group}:
 * {@code rag.stream.lag} (entries added to the stream that the group has not read yet; Redis 7's
 * {@code lag}) and {@code rag.stream.pending} (entries read by some member but not acknowledged). In
 * Prometheus: {@code rag_stream_lag}, {@code rag_stream_pending}.
 *
 * <p>The values come from {@code XINFO GROUPS}, polled every {@code rag.streams.metrics-interval} on one
 * daemon thread (never on a scrape, never on the event loop). A value is {@code NaN} while it is unknown:
 * before the first poll, while the stream or group does not exist, when Redis cannot tell the lag (after
 * entries were deleted), or when the last poll failed.
 */
@ApplicationScoped
public class StreamGroupGauges {

    private static final Logger LOG = Logger.getLogger(StreamGroupGauges.class);

    private final MeterRegistry registry;
    private final Duration interval;
    private final List<Watched> watched = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;

    @Inject
    public StreamGroupGauges(MeterRegistry registry, StreamsConfig config) {
        this(registry, config.metricsInterval());
    }

    StreamGroupGauges(MeterRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
    }

    /** Starts reporting the lag and pending entries of {@code group} on {@code stream}, read through {@code redis}. */
    public synchronized void watch(RedisDataSource redis, String stream, String group) {
        Watched w = new Watched(redis, stream, group);
        watched.add(w);
        Gauge.builder("rag.stream.lag", w, x -> x.lag)
                .description("Stream entries the consumer group has not read yet (XINFO GROUPS lag)")
                .tags("stream", stream, "group", group).register(registry);
        Gauge.builder("rag.stream.pending", w, x -> x.pending)
                .description("Stream entries read by a group member but not acknowledged yet (XINFO GROUPS pending)")
                .tags("stream", stream, "group", group).register(registry);
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "stream-group-gauges");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::pollAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            poller.execute(w::poll);
        }
    }

    /** Reads every watched group now (the poller does this on its own every interval). */
    public void pollAll() {
        watched.forEach(Watched::poll);
    }

    @PreDestroy
    synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    static final class Watched {
        private final RedisDataSource redis;
        private final String stream;
        private final String group;
        private volatile double lag = Double.NaN;
        private volatile double pending = Double.NaN;
        private volatile boolean failing;

        Watched(RedisDataSource redis, String stream, String group) {
            this.redis = redis;
            this.stream = stream;
            this.group = group;
        }

        synchronized void poll() { // one reading at a time: a late answer never overwrites a newer one
            double newLag = Double.NaN;
            double newPending = Double.NaN;
            try {
                Response groups = redis.execute("XINFO", "GROUPS", stream);
                for (int i = 0; i < groups.size(); i++) {
                    Response g = groups.get(i);
                    if (group.equals(String.valueOf(g.get("name")))) {
                        newLag = number(g.get("lag"));
                        newPending = number(g.get("pending"));
                    }
                }
                failing = false;
            } catch (RuntimeException e) {
                // "ERR no such key" until the first entry or XGROUP CREATE … MKSTREAM: unknown, not an outage
                if (e.getMessage() == null || !e.getMessage().contains("no such key")) {
                    if (!failing) {
                        LOG.warnf("Could not read the consumer groups of %s (%s); its lag is unknown until Redis answers",
                                stream, e.getMessage());
                    }
                    failing = true;
                }
            }
            lag = newLag;
            pending = newPending;
        }

        private static double number(Response value) {
            // a nil reply (Redis cannot tell the lag) arrives as no Response at all
            return value == null ? Double.NaN : value.toLong();
        }
    }
}
