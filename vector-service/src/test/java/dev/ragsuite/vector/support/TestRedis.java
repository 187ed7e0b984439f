package dev.ragsuite.vector.support;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A plain Vert.x Redis client on the tests' real Redis ({@code RAG_TEST_REDIS_URL}, else database 1 of the
 * local one), for tests of Redis-backed parts outside a Quarkus application. Register it as a static
 * {@code @RegisterExtension} field: connected before the class's tests, closed after them.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {

    public static final String URL = System.getenv().getOrDefault("RAG_TEST_REDIS_URL", "redis://127.0.0.1:6379/1");

    private Vertx vertx;
    private Redis client;

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, URL);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        vertx.closeAndAwait();
    }

    public Redis client() {
        return client;
    }

    /** The Vert.x instance behind {@link #client()}, for clients of the tests' own (a Redis that is down or hangs). */
    public Vertx vertx() {
        return vertx;
    }

    /** Sends one command and waits for its reply (at most 5 s). */
    public Response send(Request request) {
        return client.send(request).await().atMost(Duration.ofSeconds(5));
    }
}
