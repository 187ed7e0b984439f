package dev.ragsuite.vector.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.support.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis embedding cache against the real Redis (test database 1), and against Redis being down or hanging. */
class CachingEmbedderTest {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final String OWNER = "owner-a";

    private String prefix;
    private SimpleMeterRegistry meters;
    private CountingEmbedder model;
    private CachingEmbedder cache;

    @BeforeEach
    void setUp() {
        prefix = "rag:vector:emb:test-" + UUID.randomUUID() + ":";
        meters = new SimpleMeterRegistry();
        model = new CountingEmbedder("test-model", 16);
        cache = newCache(REDIS.client(), Duration.ofSeconds(2), true).forOwner(OWNER);
    }

    @AfterEach
    void removeKeys() {
        Response keys = REDIS.send(Request.cmd(Command.KEYS).arg(prefix + "*"));
        if (keys != null && keys.size() > 0) {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(k -> del.arg(k.toString()));
            REDIS.send(del);
        }
    }

    @Test
    void aSecondCallIsServedFromRedisWithoutTheModel() {
        List<String> texts = List.of("alpha", "beta", "gamma");
        List<float[]> first = cache.embedAll(texts);
        assertEquals(List.of(texts), model.calls, "every text went to the model once, in one batch");
        assertEquals(3, count("miss"));
        assertEquals(0, count("hit"));

        List<float[]> second = cache.embedAll(texts);
        assertEquals(1, model.calls.size(), "the second call must not reach the model");
        assertEquals(3, count("hit"));
        assertEquals(3, count("miss"));
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), 0f, "vector of " + texts.get(i) + " comes back bit for bit");
            assertArrayEquals(CountingEmbedder.vectorOf(texts.get(i), 16), second.get(i), 0f);
        }

        cache.embed("beta"); // a query: its own key
        float[] single = cache.embed("beta");
        assertEquals(2, model.calls.size(), "a repeated query is served from the cache too");
        assertArrayEquals(CountingEmbedder.vectorOf("beta", 16), single, 0f);
        assertEquals(4, count("hit"));
    }

    @Test
    void onlyTheMissesGoToTheModelInOneBatchAndTheOrderIsKept() {
        cache.embedAll(List.of("known"));
        model.calls.clear();

        List<float[]> vectors = cache.embedAll(List.of("new one", "known", "new two"));

        assertEquals(List.of(List.of("new one", "new two")), model.calls);
        assertArrayEquals(CountingEmbedder.vectorOf("new one", 16), vectors.get(0), 0f);
        assertArrayEquals(CountingEmbedder.vectorOf("known", 16), vectors.get(1), 0f);
        assertArrayEquals(CountingEmbedder.vectorOf("new two", 16), vectors.get(2), 0f);
        assertEquals(1, count("hit"));
        assertEquals(3, count("miss"));
    }

    @Test
    void aQueryAndAPassageOfTheSameTextAreCachedApart() {
        cache.embedAll(List.of("Tesla"));
        cache.embed("Tesla");
        cache.embed("Tesla");

        assertEquals(List.of(List.of("Tesla"), List.of("Tesla")), model.calls, "the query is not served the passage's vector");
        assertEquals(1, count("hit"));
        assertNotEquals(cache.key("Tesla"), cache.queryKey("Tesla"));
        assertEquals(cache.key("Tesla").replace(Vectors.sha256Hex("Tesla"), "query:" + Vectors.sha256Hex("Tesla")), cache.queryKey("Tesla"));
    }

    @Test
    void theValueIsLittleEndianFloat32UnderModelOwnerAndSha256WithATtl() {
        float[] vector = cache.embedAll(List.of("Tesla died in 1943.")).get(0);
        String key = prefix + "test-model:" + Vectors.sha256Hex(OWNER) + ":" + Vectors.sha256Hex("Tesla died in 1943.");
        assertEquals(key, cache.key("Tesla died in 1943."));
        assertEquals(prefix.length() + "test-model:".length() + 64 + 1 + 64, key.length());

        Response stored = REDIS.send(Request.cmd(Command.GET).arg(key));
        assertNotNull(stored, "the vector was written under " + key);
        byte[] bytes = stored.toBytes();
        assertEquals(16 * 4, bytes.length);
        for (int i = 0; i < vector.length; i++) {
            int bits = (bytes[4 * i] & 0xff) | (bytes[4 * i + 1] & 0xff) << 8 | (bytes[4 * i + 2] & 0xff) << 16
                    | (bytes[4 * i + 3] & 0xff) << 24;
            assertEquals(Float.floatToIntBits(vector[i]), bits, "value " + i + " is little-endian float32");
        }
        long ttl = REDIS.send(Request.cmd(Command.TTL).arg(key)).toLong();
        assertTrue(ttl > TTL.toSeconds() - 60 && ttl <= TTL.toSeconds(), "ttl " + ttl);
    }

    @Test
    void theByteFormRoundTripsExactly() {
        float[] awkward = {0f, -0f, 1e-38f, -3.4028235e38f, Float.MIN_VALUE, 0.1f, -0.33333334f, 1f};
        assertArrayEquals(awkward, Vectors.fromBytes(Vectors.toBytes(awkward), awkward.length), 0f);
        assertEquals(null, Vectors.fromBytes(Vectors.toBytes(awkward), awkward.length + 1),
                "a value of another length is not a vector of this model");
    }

    @Test
    void aCorruptEntryIsAMissAndIsRewritten() {
        String key = cache.queryKey("damaged");
        REDIS.send(Request.cmd(Command.SET).arg(key).arg("not a vector"));

        float[] vector = cache.embed("damaged");

        assertEquals(List.of(List.of("damaged")), model.calls);
        assertArrayEquals(CountingEmbedder.vectorOf("damaged", 16), vector, 0f);
        byte[] rewritten = REDIS.send(Request.cmd(Command.GET).arg(key)).toBytes();
        assertArrayEquals(vector, Vectors.fromBytes(rewritten, 16), 0f);
    }

    @Test
    void redisDownStillEmbedsAndCountsTheErrors() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Vertx own = Vertx.vertx();
        Redis down = Redis.createClient(own, "redis://127.0.0.1:" + closedPort);
        try {
            CachingEmbedder broken = newCache(down, Duration.ofMillis(100), true).forOwner(OWNER);

            List<float[]> vectors = broken.embedAll(List.of("one", "two"));
            float[] single = broken.embed("three");

            assertArrayEquals(CountingEmbedder.vectorOf("one", 16), vectors.get(0), 0f);
            assertArrayEquals(CountingEmbedder.vectorOf("two", 16), vectors.get(1), 0f);
            assertArrayEquals(CountingEmbedder.vectorOf("three", 16), single, 0f);
            assertEquals(3, model.textsEmbedded());
            assertEquals(2, errors("read"));
            assertEquals(2, errors("write"));
            assertEquals(0, count("hit"));
        } finally {
            down.close();
            own.closeAndAwait();
        }
    }

    @Test
    void aHangingRedisTimesOutAndTheModelAnswers() throws IOException {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // accepts and never answers
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Vertx own = Vertx.vertx();
            Redis hanging = Redis.createClient(own, "redis://127.0.0.1:" + silent.getLocalPort());
            try {
                CachingEmbedder slow = newCache(hanging, Duration.ofMillis(100), true).forOwner(OWNER);

                List<float[]> vectors = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> slow.embedAll(List.of("patience")));

                assertArrayEquals(CountingEmbedder.vectorOf("patience", 16), vectors.get(0), 0f);
                assertEquals(1, errors("read"));
                assertEquals(1, errors("write"));
            } finally {
                hanging.close();
                own.closeAndAwait();
                for (Socket socket : new ArrayList<>(accepted)) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void oneOwnersTextIsNeverAHitForAnother() {
        CachingEmbedder shared = newCache(REDIS.client(), Duration.ofSeconds(2), true);
        shared.forOwner("alice").embed("the harbour lamp");
        shared.forOwner("bob").embed("the harbour lamp"); // a hit would tell bob that alice embedded it
        assertEquals(2, model.textsEmbedded(), "bob's look-up missed: alice's entry is hers alone");
        shared.forOwner("alice").embed("the harbour lamp");
        assertEquals(2, model.textsEmbedded(), "alice's own entry still serves her");
        assertEquals(1, count("hit"));
        assertEquals(2, count("miss"));
        assertNotEquals(shared.forOwner("alice").key("x"), shared.forOwner("bob").key("x"));
    }

    @Test
    void withoutAnOwnerNothingIsCached() {
        CachingEmbedder shared = newCache(REDIS.client(), Duration.ofSeconds(2), true);
        shared.embed("unowned");
        shared.embedAll(List.of("unowned"));
        assertEquals(2, model.textsEmbedded());
        assertEquals(0, count("hit") + count("miss"));
        assertEquals(0, REDIS.send(Request.cmd(Command.KEYS).arg(prefix + "*")).size());
    }

    @Test
    void sharingAcrossOwnersIsASwitch() {
        CachingEmbedder shared = newCache(REDIS.client(), Duration.ofSeconds(2), false);
        assertSame(shared, shared.forOwner("alice"));
        shared.forOwner("alice").embed("the harbour lamp");
        shared.forOwner("bob").embed("the harbour lamp");
        assertEquals(1, model.textsEmbedded(), "switched off, one entry serves every owner");
        assertEquals(prefix + "test-model:" + Vectors.sha256Hex("the harbour lamp"), shared.key("the harbour lamp"));
        assertEquals(prefix + "test-model:query:" + Vectors.sha256Hex("the harbour lamp"), shared.queryKey("the harbour lamp"));
    }

    private CachingEmbedder newCache(Redis client, Duration timeout, boolean perOwner) {
        return new CachingEmbedder(model, client, new CachingEmbedder.Settings(prefix, TTL, timeout, perOwner), meters);
    }

    private long count(String result) {
        return (long) meters.get("rag.vector.embedding.cache").tag("model", "test-model").tag("result", result)
                .counter().count();
    }

    private long errors(String operation) {
        return (long) meters.get("rag.vector.embedding.cache.errors").tag("model", "test-model")
                .tag("operation", operation).counter().count();
    }
}
