package dev.ragsuite.vector.embedding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The embedding cache in Redis in front of one model. Key: {@code <prefix><model>:<SHA-256 hex of the
 * text>}; value: the vector as little-endian float32 bytes, written with {@code SET ... EX ttl}. A
 * batch is looked up with one {@code MGET}; only the misses go to the model, in one call, and are
 * written back in one pipelined batch. Every Redis call waits at most {@code timeout}: a failure or
 * timeout never fails an embedding (the model is asked instead), it is counted and logged at most
 * once a minute. Calls block the calling thread (a worker, never the event loop).
 */
public final class CachingEmbedder implements Embedder {

    private static final Logger LOG = Logger.getLogger(CachingEmbedder.class);
    private static final long WARN_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    /** How the cache is keyed and how long it may take. */
    public record Settings(String keyPrefix, Duration ttl, Duration timeout) {
    }

    private final Embedder model;
    private final Redis redis;
    private final String keyPrefix;
    private final long ttlSeconds;
    private final Duration timeout;
    private final Counter hits;
    private final Counter misses;
    private final Counter readErrors;
    private final Counter writeErrors;
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    public CachingEmbedder(Embedder model, Redis redis, Settings settings, MeterRegistry registry) {
        this.model = model;
        this.redis = redis;
        this.keyPrefix = settings.keyPrefix() + model.modelName() + ":";
        this.ttlSeconds = Math.max(1, settings.ttl().toSeconds());
        this.timeout = settings.timeout();
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        this.readErrors = errors(registry, "read");
        this.writeErrors = errors(registry, "write");
    }

    private Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("rag.vector.embedding.cache")
                .description("Embedding cache lookups by result")
                .tag("model", model.modelName()).tag("result", result)
                .register(registry);
    }

    private Counter errors(MeterRegistry registry, String operation) {
        return Counter.builder("rag.vector.embedding.cache.errors")
                .description("Embedding cache calls that failed or timed out (the model was used instead)")
                .tag("model", model.modelName()).tag("operation", operation)
                .register(registry);
    }

    /** The Redis key of {@code text}'s vector under this model. */
    public String key(String text) {
        return keyPrefix + Vectors.sha256Hex(text);
    }

    @Override
    public float[] embed(String text) {
        String key = key(text);
        float[] cached = lookup(List.of(key)).get(0);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        misses.increment();
        float[] vector = model.embed(text);
        store(List.of(key), List.of(vector));
        return vector;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<String> keys = texts.stream().map(this::key).toList();
        List<float[]> out = new ArrayList<>(lookup(keys));
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                missing.add(i);
            }
        }
        hits.increment(texts.size() - missing.size());
        misses.increment(missing.size());
        if (missing.isEmpty()) {
            return out;
        }
        List<float[]> computed = model.embedAll(missing.stream().map(texts::get).toList());
        List<String> missingKeys = new ArrayList<>(missing.size());
        for (int j = 0; j < missing.size(); j++) {
            out.set(missing.get(j), computed.get(j));
            missingKeys.add(keys.get(missing.get(j)));
        }
        store(missingKeys, computed);
        return out;
    }

    /** One MGET; a list of the same size, null where absent (or on any Redis trouble). */
    private List<float[]> lookup(List<String> keys) {
        List<float[]> found = new ArrayList<>(keys.size());
        try {
            Request mget = Request.cmd(Command.MGET);
            keys.forEach(mget::arg);
            Response response = redis.send(mget).await().atMost(timeout);
            for (int i = 0; i < keys.size(); i++) {
                Response value = response == null ? null : response.get(i);
                found.add(value == null ? null : Vectors.fromBytes(value.toBytes(), model.dimensions()));
            }
            return found;
        } catch (RuntimeException e) {
            readErrors.increment();
            warn("read", e);
            return new ArrayList<>(Collections.nCopies(keys.size(), (float[]) null));
        }
    }

    /** SET EX of each key, pipelined in one batch. */
    private void store(List<String> keys, List<float[]> vectors) {
        List<Request> sets = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            sets.add(Request.cmd(Command.SET).arg(keys.get(i)).arg(Vectors.toBytes(vectors.get(i))).arg("EX").arg(ttlSeconds));
        }
        try {
            redis.batch(sets).await().atMost(timeout);
        } catch (RuntimeException e) {
            writeErrors.increment();
            warn("write", e);
        }
    }

    private void warn(String operation, RuntimeException e) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warnf("Embedding cache %s failed (%s: %s); embedding with %s without the cache. "
                    + "Further cache errors are counted in rag.vector.embedding.cache.errors and logged at most once a minute",
                    operation, root(e).getClass().getSimpleName(), root(e).getMessage(), model.modelName());
        }
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The model behind the cache. */
    public Embedder model() {
        return model;
    }

    @Override
    public String modelName() {
        return model.modelName();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }
}
