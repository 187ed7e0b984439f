package dev.ragsuite.ingest.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XClaimArgs;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dead workers, simulated in the database and the consumer group: a job a killed worker left in
 * {@code processing} (lease in the past) with its stream entry pending on the dead consumer is taken
 * over (XAUTOCLAIM, reconciler) and indexed once more; out of attempts it is failed and dead-lettered;
 * a job whose worker is alive (lease in the future) is left alone.
 * (Test profiles cannot be used in this module: the tokenizer's native library loads once per JVM.)
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class DeadWorkerTest extends OwnerTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    IngestConfig config;

    @Inject
    IngestionService ingestion;

    @Inject
    Pool db;

    private StreamCommands<String, String, String> streams;

    DeadWorkerTest() {
        super("dead-");
    }

    @BeforeEach
    void setUp() {
        streams = redis.stream(String.class, String.class, String.class);
    }

    @Test
    void aKilledWorkersPendingEntryIsReclaimedAndTheDocumentIndexedAgain() throws Exception {
        String id = indexedDocument("orphan.txt");
        String entryId = entryOf(id);
        strand(id, 1);
        // the dead worker had read the entry and never acknowledged it
        streams.xclaim(config.streams().jobs(), config.streams().group(), "dead-worker-1", Duration.ZERO,
                new XClaimArgs().force(), entryId);
        assertEquals("dead-worker-1", pendingOwner(entryId));

        await().atMost(WITHIN).until(() -> !"dead-worker-1".equals(pendingOwner(entryId))); // XAUTOCLAIM took it over
        JsonPath document = awaitStatus(id, "indexed");
        assertEquals(2, document.getInt("attempts"), "finished by one more attempt");
        verify(vectors, times(2)).activateVersion(UUID.fromString(id), 1, owner); // once originally, once after the crash
        await().atMost(WITHIN).until(() -> pendingOwner(entryId) == null); // and acknowledged
    }

    @Test
    void anExpiredLeaseWithoutAnyStreamEntryIsRequeuedByTheReconciler() throws Exception {
        String id = indexedDocument("stranded.txt");
        strand(id, 1);

        JsonPath document = awaitStatus(id, "indexed");

        assertEquals(2, document.getInt("attempts"));
        verify(vectors, times(2)).activateVersion(UUID.fromString(id), 1, owner);
    }

    @Test
    void anExpiredLeaseOnTheLastAttemptFailsAndDeadLetters() throws Exception {
        String id = indexedDocument("doomed.txt");
        strand(id, config.jobs().maxAttempts());

        JsonPath document = awaitStatus(id, "failed");

        assertTrue(document.getString("error").contains("stopped responding"), document.getString("error"));
        assertTrue(streams.xrange(config.streams().deadLetters(), StreamRange.of("-", "+")).stream()
                .anyMatch(m -> id.equals(m.payload().get("documentId"))), "dead-lettered");
    }

    @Test
    void aJobHeldByALiveWorkerIsNotTakenOver() throws Exception {
        String id = indexedDocument("busy.txt");
        db.preparedQuery("update ingest.documents set status = 'processing', lease_until = now() + interval '1 minute' where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely();
        assertEquals(IngestionService.Outcome.SKIPPED, ingestion.process(new IngestJob(UUID.fromString(id), owner, 1)));
        assertEquals("processing", status(id).getString("status"));
        verify(vectors, times(1)).activateVersion(UUID.fromString(id), 1, owner);
    }

    /** What a worker killed mid-document leaves behind: processing, with a lease in the past. */
    private void strand(String id, int attempts) throws Exception {
        RowSet<Row> updated = db.preparedQuery(
                "update ingest.documents set status = 'processing', attempts = $1, lease_until = now() - interval '1 second' where id = $2")
                .execute(Tuple.of(attempts, UUID.fromString(id))).await().indefinitely();
        assertEquals(1, updated.rowCount());
    }

    private String indexedDocument(String name) {
        byte[] bytes = (Fixtures.prose(1) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String id = given().auth().oauth2(token).multiPart("file", name, bytes, "text/plain").post("/api/documents")
                .then().statusCode(202).extract().jsonPath().getString("id");
        awaitStatus(id, "indexed");
        return id;
    }

    private String entryOf(String id) {
        List<StreamMessage<String, String, String>> entries = streams.xrange(config.streams().jobs(), StreamRange.of("-", "+"));
        return entries.stream().filter(m -> id.equals(m.payload().get("documentId"))).reduce((a, b) -> b).orElseThrow().id();
    }

    private String pendingOwner(String entryId) {
        var pending = streams.xpending(config.streams().jobs(), config.streams().group(), StreamRange.of(entryId, entryId), 1);
        return pending.isEmpty() ? null : pending.get(0).getConsumer();
    }

    private JsonPath awaitStatus(String id, String expected) {
        return await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> status(id),
                json -> expected.equals(json.getString("status")));
    }

    private JsonPath status(String id) {
        return IngestTestSupport.document(token, id);
    }
}
