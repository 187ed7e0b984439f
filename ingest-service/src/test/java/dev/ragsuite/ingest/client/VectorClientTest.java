package dev.ragsuite.ingest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real vector client (not mocked here) against a fake vector-service: paths, headers, retries. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeVectorServicePort.class, scope = TestResourceScope.GLOBAL)
class VectorClientTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    record Received(String method, String path, String query, String internalToken, String body) {
    }

    @Inject
    VectorClient vectors;

    @Inject
    CircuitBreakerMaintenance breakers;

    @ConfigProperty(name = FakeVectorServicePort.PORT_PROPERTY)
    int port;

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /**
     * The document a test works on: only calls about it are recorded and answered as scripted. The app's
     * worker may still be finishing documents of other test classes against the same port, and one of
     * its calls was taken for the test's own.
     */
    private volatile String documentUnderTest;
    private final Deque<Integer> statuses = new ArrayDeque<>();

    @BeforeEach
    void startFakeVectorService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/internal/v1", this::answer);
        server.start();
        // The app's own workers may have called this port while no fake listened (between tests, other
        // classes' documents): connection errors count against the breakers and can leave one open or
        // half-open, and then a scripted failure here trips it before its retry. Start each test closed.
        breakers.resetAll();
    }

    @AfterEach
    void stopFakeVectorService() {
        server.stop(0);
    }

    @Test
    void upsertPostsTheBatchWithTheInternalToken() {
        UUID documentId = UUID.randomUUID();
        documentUnderTest = documentId.toString();
        UpsertRequest request = new UpsertRequest("alice", documentId, "notes.md", List.of(
                new ChunkPayload(documentId + ":0", 0, "first chunk"),
                new ChunkPayload(documentId + ":1", 1, "second chunk")));

        UpsertResult result = vectors.upsert(request).await().atMost(WAIT);

        assertEquals(2, result.upserted());
        Received call = received.get(0);
        assertEquals("POST", call.method());
        assertEquals("/internal/v1/chunks", call.path());
        assertEquals(RagTestEnvironment.INTERNAL_TOKEN, call.internalToken());
        assertTrue(call.body().contains("\"ownerId\":\"alice\""), call.body());
        assertTrue(call.body().contains("\"chunkId\":\"" + documentId + ":1\""), call.body());
    }

    @Test
    void deleteNamesDocumentAndOwner() {
        UUID documentId = UUID.randomUUID();
        documentUnderTest = documentId.toString();

        DeleteResult result = vectors.deleteDocument(documentId, "alice").await().atMost(WAIT);

        assertEquals(new DeleteResult(3, 0), result);
        Received call = received.get(0);
        assertEquals("DELETE", call.method());
        assertEquals("/internal/v1/documents/" + documentId, call.path());
        assertEquals("ownerId=alice", call.query());
        assertEquals(RagTestEnvironment.INTERNAL_TOKEN, call.internalToken());
    }

    @Test
    void aRefusalIsNotRetried() {
        statuses.add(422);
        UUID documentId = UUID.randomUUID();
        documentUnderTest = documentId.toString();
        UpsertRequest request = new UpsertRequest("alice", documentId, "x.txt",
                List.of(new ChunkPayload(documentId + ":0", 0, "text")));

        Throwable failure = assertThrows(RuntimeException.class, () -> vectors.upsert(request).await().atMost(WAIT));

        VectorRejectedException rejected = assertInstanceOf(VectorRejectedException.class, failure);
        assertEquals(422, rejected.status());
        assertEquals(1, received.size());
    }

    @Test
    void aServerErrorIsRetried() {
        statuses.add(500);
        UUID documentId = UUID.randomUUID();
        documentUnderTest = documentId.toString();

        DeleteResult result = vectors.deleteDocument(documentId, "alice").await().atMost(WAIT);

        assertEquals(3, result.deleted());
        assertEquals(2, received.size());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = documentUnderTest;
        if (key == null || !(exchange.getRequestURI().getPath().contains(key) || body.contains(key))) {
            byte[] notOurs = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, notOurs.length);
            exchange.getResponseBody().write(notOurs);
            exchange.close();
            return;
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("X-Internal-Token"), body));
        Integer scripted = statuses.poll();
        int status = scripted == null ? 200 : scripted;
        String json = status != 200 ? "{\"status\":" + status + "}"
                : "POST".equals(exchange.getRequestMethod()) ? "{\"upserted\":2}" : "{\"deleted\":3,\"remaining\":0}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
