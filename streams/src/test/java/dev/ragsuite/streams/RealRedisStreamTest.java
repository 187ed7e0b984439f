package dev.ragsuite.streams;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The stream tests of this module, outside Quarkus, against the real local Redis (the tests'
 * database, {@code RAG_TEST_REDIS_URL}): one blocking data source per class and a fresh stream per
 * test, deleted after the subclass's own clean-up ran.
 */
abstract class RealRedisStreamTest {

    private static Vertx vertx;
    private static Redis client;
    static RedisDataSource redis;

    private final String streamPrefix;
    StreamCommands<String, String, String> streams;
    String stream;

    /** @param streamPrefix the key prefix of the test's streams, e.g. {@code rag:test:stream-consumer:} */
    RealRedisStreamTest(String streamPrefix) {
        this.streamPrefix = streamPrefix;
    }

    @BeforeAll
    static void connect() {
        String url = System.getenv().getOrDefault("RAG_TEST_REDIS_URL", "redis://127.0.0.1:6379/1");
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, url);
        redis = new BlockingRedisDataSourceImpl(vertx, client, RedisAPI.api(client), Duration.ofSeconds(5));
    }

    @AfterAll
    static void disconnect() {
        client.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void freshStream() {
        streams = redis.stream(String.class, String.class, String.class);
        stream = streamPrefix + UUID.randomUUID();
    }

    @AfterEach
    void deleteStream() {
        redis.key().del(stream);
    }
}
