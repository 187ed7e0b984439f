package dev.ragsuite.vector.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ragsuite.testing.TestSecurityEnvironment;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.provider.EmbedderRegistry;
import dev.ragsuite.vector.embedding.provider.OnnxEmbedder;
import dev.ragsuite.vector.index.IndexManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** In the running service every model sits behind the Redis cache, created once. */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
class EmbeddingCacheWiringTest {

    @Inject
    EmbedderRegistry embedders;

    @Inject
    MeterRegistry meters;

    @Inject
    RedisDataSource redis;

    @Inject
    IndexManager indexes;

    @Test
    void theConfiguredModelIsCachedInRedisAndCreatedOnce() {
        Embedder embedder = embedders.apply(embedders.configuredModel());
        assertSame(embedder, embedders.apply("e5-small-v2-q"), "one instance per model");
        CachingEmbedder cache = assertInstanceOf(CachingEmbedder.class, embedder);
        assertInstanceOf(OnnxEmbedder.class, cache.model());

        String text = "A sentence no other test embeds " + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();
        double hitsBefore = count("hit");
        float[] first = embedder.forOwner(owner).embedAll(List.of(text)).get(0);
        float[] second = embedder.forOwner(owner).embedAll(List.of(text)).get(0);

        assertArrayEquals(first, second, 0f);
        assertEquals(hitsBefore + 1, count("hit"));
        String key = "rag:vector:emb:e5-small-v2-q:" + Vectors.sha256Hex(owner) + ":" + Vectors.sha256Hex(text);
        byte[] stored = redis.value(byte[].class).get(key);
        assertNotNull(stored, key);
        assertArrayEquals(first, Vectors.fromBytes(stored, 384), 0f);
        redis.key().del(key);
    }

    @Test
    void aTextOneOwnerEmbeddedIsNeverACacheHitForAnother() {
        String text = "What did the harbour master write on " + UUID.randomUUID() + "?";
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        indexes.search(alice, text, 1, RetrievalMode.DENSE);
        double hits = count("hit");
        double misses = count("miss");

        indexes.search(bob, text, 1, RetrievalMode.DENSE); // a hit here would tell bob that alice asked it
        assertEquals(hits, count("hit"), "another owner's query is not served from the cache");
        assertEquals(misses + 1, count("miss"));

        indexes.search(alice, text, 1, RetrievalMode.DENSE);
        assertEquals(hits + 1, count("hit"), "the owner's own query is");
    }

    private double count(String result) {
        return meters.get("rag.vector.embedding.cache").tag("model", "e5-small-v2-q").tag("result", result)
                .counter().count();
    }
}
