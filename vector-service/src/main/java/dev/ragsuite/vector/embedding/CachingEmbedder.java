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
 * owner id>:<SHA-256 hex of the text>} for the view {@link #forOwner(String)} returns (a search query's key
 * has {@code query:} before the text's hash: a model may embed a query and a passage differently); value: the vector
 * as little-endian float32 bytes, written with {@code SET ... EX ttl}. Scoped per owner because a hit
 * answers in about a millisecond and the model in tens: a shared cache would let any user time whether
 * someone else had embedded an exact text. Without an owner nothing is cached (the model answers),
 * unless {@link Settings#perOwner()} is off: then every text has one shared key
 * {@code <prefix><model>:<SHA-256 hex of the text>} and {@link #forOwner(String)} changes nothing. A
 * batch is looked up with one {@code MGET}; only the misses go to the model, in one call, and are
 * written back in one pipelined batch. Every Redis call waits at most {@code timeout}: a failure or
 * timeout never fails an embedding (the model is asked instead), it is counted and logged at most
 * once a minute. Calls block the calling thread (a worker, never the event loop).
 */
public final class CachingEmbedder implements Embedder {

    /** Between the key prefix and the text's hash in a search query's key. */
    static final String QUERY_KEY_PART = "query:";

    private static final Logger LOG = Logger.getLogger(CachingEmbedder.class);
    private static final long WARN_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    /**
     * How the cache is keyed and how long it may take.
     *
     * @param perOwner key entries by owner too (the default); false shares them across owners
     */
    public record Settings(String keyPrefix, Duration ttl, Duration timeout, boolean perOwner) {
    }

    private final Embedder model;
    private final Redis redis;
    /** {@code <prefix><model>:}, the same for the shared cache and every owner's view. */
    private final String modelPrefix;
    /** Where this instance's keys start: {@link #modelPrefix}, plus the owner's hash in an owner's view. */
    private final String keyPrefix;
    private final long ttlSeconds;
    private final Duration timeout;
    private final Counter hits;
    private final Counter misses;
    private final Counter readErrors;
    private final Counter writeErrors;
    private final AtomicLong lastWarn;
    private final boolean perOwner;
    /** Whether this instance reads and writes the cache: a per-owner view, or the shared cache. */
    private final boolean caching;

    public CachingEmbedder(Embedder model, Redis redis, Settings settings, MeterRegistry registry) {
        this.model = model;
        this.redis = redis;
        this.modelPrefix = settings.keyPrefix() + model.modelName() + ":";
        this.keyPrefix = modelPrefix;
        this.ttlSeconds = Math.max(1, settings.ttl().toSeconds());
        this.timeout = settings.timeout();
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        this.readErrors = errors(registry, "read");
        this.writeErrors = errors(registry, "write");
        this.lastWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
        this.perOwner = settings.perOwner();
        this.caching = !perOwner;
    }

    /** The view of {@code shared} for one owner: the same model, Redis client, counters and settings. */
    private CachingEmbedder(CachingEmbedder shared, String ownerId) {
        this.model = shared.model;
        this.redis = shared.redis;
        this.modelPrefix = shared.modelPrefix;
        this.keyPrefix = modelPrefix + Vectors.sha256Hex(ownerId) + ":";
        this.ttlSeconds = shared.ttlSeconds;
        this.timeout = shared.timeout;
        this.hits = shared.hits;
        this.misses = shared.misses;
        this.readErrors = shared.readErrors;
        this.writeErrors = shared.writeErrors;
        this.lastWarn = shared.lastWarn;
        this.perOwner = true;
        this.caching = true;
    }

    /** The cache of {@code ownerId}'s texts (from an owner's view too); with per-owner keys off, the shared cache itself. */
    @Override
    public CachingEmbedder forOwner(String ownerId) {
        if (!perOwner) {
            return this;
        }
        if (ownerId == null || ownerId.isBlank()) {
            throw new IllegalArgumentException("an owner id is needed to scope the embedding cache");
        }
        return new CachingEmbedder(this, ownerId);
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

    /** The Redis key of passage {@code text}'s vector under this model (and this view's owner). */
    public String key(String text) {
        return keyPrefix + Vectors.sha256Hex(text);
    }

    /**
     * The Redis key of query {@code text}'s vector: apart from the passages' keys, because a model may embed
     * the same text differently as a query ({@link Embedder#embed}) than as a passage.
     */
    public String queryKey(String text) {
        return keyPrefix + QUERY_KEY_PART + Vectors.sha256Hex(text);
    }

    @Override
    public float[] embed(String text) {
        if (!caching) {
            return model.embed(text);
        }
        String key = queryKey(text);
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
        if (!caching) {
            return model.embedAll(texts);
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
