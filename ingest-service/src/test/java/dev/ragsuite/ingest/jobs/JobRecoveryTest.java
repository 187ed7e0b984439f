package dev.ragsuite.ingest.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Retries with backoff, the dead-letter stream, and recovery after the job stream was lost. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class JobRecoveryTest extends OwnerTest {

    JobRecoveryTest() {
        super("jobs-");
    }

    @Inject
    RedisDataSource redis;

    @Inject
    IngestConfig config;

    @Test
    void transientFailuresAreRetriedWithBackoffThenDeadLettered() {
        String name = "flaky-" + UUID.randomUUID() + ".txt";
        doAnswer(call -> name.equals(call.getArgument(0, UpsertRequest.class).documentName())
                ? Uni.createFrom().failure(new ProcessingException("connection refused"))
                : Uni.createFrom().item(new UpsertResult(call.getArgument(0, UpsertRequest.class).chunks().size())))
                .when(vectors).upsert(any());

        String id = upload(name, Fixtures.text()).extract().jsonPath().getString("id");
        JsonPath document = awaitFinal(id, Duration.ofSeconds(40));

        assertEquals("failed", document.getString("status"));
        assertEquals(3, document.getInt("attempts"));
        assertEquals("the search index is unavailable (gave up after 3 attempts)", document.getString("error"));
        verify(vectors, times(3)).upsert(argThat(r -> r.documentId().toString().equals(id)));
        List<StreamMessage<String, String, String>> dead = redis.stream(String.class, String.class, String.class)
                .xrange(config.streams().deadLetters(), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        StreamMessage<String, String, String> letter = dead.stream()
                .filter(m -> id.equals(m.payload().get("documentId"))).findFirst().orElseThrow();
        assertEquals("3", letter.payload().get("attempts"));
        assertEquals(owner, letter.payload().get("ownerId"));
        assertTrue(letter.payload().get("reason").contains("search index is unavailable"));
        List<StreamMessage<String, String, String>> events = redis.stream(String.class, String.class, String.class)
                .xrange(config.streams().events(), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        assertEquals(2, events.stream().filter(m -> id.equals(m.payload().get("documentId"))
                && "retrying".equals(m.payload().get("status"))).count(), "two retries announced");
    }

    @Test
    void aJobWhoseStreamEntryWasLostIsRecoveredByTheReconciler() throws Exception {
        // keep the worker busy on a first document, queue a second, then lose the stream (like a Redis flush)
        CountDownLatch blocking = new CountDownLatch(1);
        CompletableFuture<UpsertResult> release = new CompletableFuture<>();
        String blockerName = "blocker-" + UUID.randomUUID() + ".txt";
        doAnswer(call -> {
            UpsertRequest request = call.getArgument(0, UpsertRequest.class);
            if (blockerName.equals(request.documentName()) && blocking.getCount() > 0) {
                blocking.countDown();
                return Uni.createFrom().completionStage(release.thenApply(r -> new UpsertResult(request.chunks().size())));
            }
            return Uni.createFrom().item(new UpsertResult(request.chunks().size()));
        }).when(vectors).upsert(any());
        String blocker = upload(blockerName, (Fixtures.prose(1) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
                .extract().jsonPath().getString("id");
        assertTrue(blocking.await(60, TimeUnit.SECONDS), "the worker never reached vector-service");

        String lost = upload("lost.txt", (Fixtures.prose(2) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
                .extract().jsonPath().getString("id");
        redis.key().del(config.streams().jobs()); // the entry of "lost" (and the consumer group) are gone
        release.complete(null);

        assertEquals("indexed", awaitFinal(blocker, Duration.ofSeconds(30)).getString("status"));
        JsonPath recovered = awaitFinal(lost, Duration.ofSeconds(30));
        assertEquals("indexed", recovered.getString("status"), () -> recovered.prettify());
        verify(vectors, times(1)).activateVersion(UUID.fromString(lost), 1, owner); // indexed exactly once
    }

    private io.restassured.response.ValidatableResponse upload(String name, byte[] bytes) {
        return given().auth().oauth2(token).multiPart("file", name, bytes, "text/plain").post("/api/documents")
                .then().statusCode(202);
    }

    private JsonPath awaitFinal(String id, Duration within) {
        return IngestTestSupport.awaitFinal(token, id, within);
    }
}
