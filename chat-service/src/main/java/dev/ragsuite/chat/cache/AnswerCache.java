package dev.ragsuite.chat.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.metrics.ChatMetrics;
import dev.ragsuite.vector.api.RetrievalMode;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Answers kept in Redis (client {@code cache}, see application.properties), so a repeated question skips
 * retrieval and generation.
 *
 * <p>Key: {@code rag:chat:answers:} + SHA-256 of the owner, the owner's index version, the retrieval
 * mode, topK and the normalised standalone query (lower-cased, whitespace collapsed, trailing
 * punctuation stripped). The index version is the counter {@code rag:chat:index-version:<owner>}, bumped
 * by {@link DocumentEventsConsumer} whenever the owner's documents change, so older answers are simply
 * never looked up again and expire with their TTL; the counter {@code rag:chat:shared-version}, bumped when a
 * document published to every user changes, is part of every key. Each cited document keeps the set
 * {@code rag:chat:cited:<documentId>} of the keys of answers citing it, which a deletion drops at once.
 *
 * <p>Redis is an optimisation here: every failure or slow reply (over {@code rag.chat.cache.redis-timeout})
 * is counted ({@code rag.chat.answer.cache{result=error}}), logged at most once a minute, and the
 * question is answered without the cache.
 */
@ApplicationScoped
public class AnswerCache {

    static final String ANSWERS = "rag:chat:answers:";
    static final String INDEX_VERSION = "rag:chat:index-version:";
    static final String CITED = "rag:chat:cited:";
    /** Bumped when a document published to every user changes: every user's answers may have drawn on it. */
    static final String SHARED_VERSION = "rag:chat:shared-version";

    private static final Logger LOG = Logger.getLogger(AnswerCache.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{P}\\s]+$");

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveSetCommands<String, String> sets;
    private final ReactiveKeyCommands<String> keys;
    private final ObjectMapper json;
    private final ChatConfig.Cache config;
    private final ChatMetrics metrics;
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public AnswerCache(@RedisClientName("cache") ReactiveRedisDataSource redis, ObjectMapper json, ChatConfig config,
            ChatMetrics metrics) {
        this.values = redis.value(String.class);
        this.sets = redis.set(String.class);
        this.keys = redis.key(String.class);
        this.json = json;
        this.config = config.cache();
        this.metrics = metrics;
    }

    /** What a look-up found: the key to store under (null when the cache is off or failed) and the hit, if any. */
    public record Lookup(String key, Answer answer) {

        static final Lookup NONE = new Lookup(null, null);

        public boolean hit() {
            return answer != null;
        }
    }

    /**
     * The cached answer wire form: text, mode, citations and model (JSON in Redis, hence registered for native
     * images); {@code model} is null in entries cached before answers named their model.
     */
    @RegisterForReflection
    record Entry(String text, String mode, List<Citation> citations, String model) {
    }

    /** Looks the question up; never fails. */
    public Uni<Lookup> lookup(String ownerId, RetrievalMode mode, int topK, String query) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Lookup.NONE);
        }
        return guard(values.mget(INDEX_VERSION + ownerId, SHARED_VERSION))
                .map(versions -> key(ownerId, versionOf(versions.get(INDEX_VERSION + ownerId)) + "/"
                        + versionOf(versions.get(SHARED_VERSION)), mode, topK, query))
                .chain(key -> guard(values.get(key)).map(value -> new Lookup(key, decode(key, value))))
                .invoke(lookup -> metrics.cache(lookup.hit() ? "hit" : "miss"))
                .onFailure().recoverWithItem(e -> failed("look-up", e, Lookup.NONE));
    }

    /** Keeps an answer under a key from {@link #lookup}, and indexes it by the documents it cites; never fails. */
    public Uni<Void> store(String key, Answer answer) {
        if (key == null) {
            return Uni.createFrom().voidItem();
        }
        String value;
        try {
            value = json.writeValueAsString(new Entry(answer.text(), answer.mode().wire(), answer.citations(), answer.model()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
        long ttlSeconds = Math.max(1, config.ttl().toSeconds());
        Set<UUID> documents = new LinkedHashSet<>();
        answer.citations().forEach(c -> documents.add(c.documentId()));
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (UUID document : documents) {
            String cited = CITED + document;
            // the set lives at least as long as the newest answer in it
            writes.add(guard(sets.sadd(cited, key)).chain(() -> guard(keys.expire(cited, ttlSeconds))));
        }
        // the set entries first: an answer is never findable without being reachable from what it cites
        Uni<Void> indexed = writes.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(writes).andFailFast().replaceWithVoid();
        return indexed.chain(() -> guard(values.set(key, value, new SetArgs().ex(ttlSeconds))))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> failed("store", e, null));
    }

    /** Makes the owner's cached answers unreachable (blocking-free; fails when Redis does). */
    public Uni<Long> bumpIndexVersion(String ownerId) {
        return guard(values.incr(INDEX_VERSION + ownerId));
    }

    /** Makes every user's cached answers unreachable: a published document changed (fails when Redis does). */
    public Uni<Long> bumpSharedVersion() {
        return guard(values.incr(SHARED_VERSION));
    }

    private static String versionOf(String counter) {
        return counter == null ? "0" : counter;
    }

    /** Drops the cached answers citing a document, and their index; returns how many answers were dropped. */
    public Uni<Integer> dropCiting(UUID documentId) {
        String cited = CITED + documentId;
        return guard(sets.smembers(cited)).chain(members -> {
            List<String> doomed = new ArrayList<>(members);
            doomed.add(cited);
            return guard(keys.del(doomed.toArray(String[]::new))).replaceWith(members.size());
        });
    }

    /** The cache key of a question; see the class comment. */
    static String key(String ownerId, String indexVersion, RetrievalMode mode, int topK, String query) {
        String material = String.join("\n", ownerId, indexVersion,
                (mode == null ? RetrievalMode.HYBRID : mode).wire(), Integer.toString(topK), normalise(query));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return ANSWERS + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Lower-cased, whitespace collapsed, trailing punctuation stripped: "What is X ?" and "what is x" are one question. */
    static String normalise(String question) {
        String lower = SPACE.matcher(question.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return TRAILING_PUNCTUATION.matcher(lower).replaceAll("");
    }

    private Answer decode(String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            Entry entry = json.readValue(value, Entry.class);
            if (entry.text() == null || entry.citations() == null) {
                throw new IllegalArgumentException("text or citations missing");
            }
            return new Answer(entry.text(), AnswerMode.fromWire(entry.mode()), entry.citations(), entry.model());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Ignoring an unreadable cached answer %s: %s", key, e.getMessage());
            return null;
        }
    }

    private <T> Uni<T> guard(Uni<T> command) {
        return command.ifNoItem().after(config.redisTimeout()).fail();
    }

    private <T> T failed(String what, Throwable e, T result) {
        metrics.cache("error");
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warnf("Answer cache %s failed, answering without the cache (%s: %s); further failures are "
                    + "counted in rag_chat_answer_cache_total{result=\"error\"} and logged at most once a minute",
                    what, e.getClass().getSimpleName(), e.getMessage());
        }
        return result;
    }
}
