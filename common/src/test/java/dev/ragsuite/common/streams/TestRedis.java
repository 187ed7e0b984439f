package dev.ragsuite.common.streams;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.time.Duration;

/**
 * A blocking data source on the real local Redis (the tests' database, {@code RAG_TEST_REDIS_URL}),
 * outside Quarkus, for the stream tests of this module.
 */
final class TestRedis implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Redis client;
    final RedisDataSource redis;

    TestRedis() {
        String url = System.getenv().getOrDefault("RAG_TEST_REDIS_URL", "redis://127.0.0.1:6379/1");
        client = Redis.createClient(vertx, url);
        redis = new BlockingRedisDataSourceImpl(vertx, client, RedisAPI.api(client), Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        client.close();
        vertx.closeAndAwait();
    }
}
