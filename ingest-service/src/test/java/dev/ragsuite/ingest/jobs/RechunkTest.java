package dev.ragsuite.ingest.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.chunking.Chunker;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A chunker change reaches the documents indexed before it: the reconciler queues each one (behind the
 * uploads) as its next version, made from the same stored bytes; the chunks of the version indexed before
 * stay the visible ones until vector-service is told to activate the new version.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RechunkTest extends OwnerTest {

    @Inject
    Pool db;

    RechunkTest() {
        super("rechunk-");
    }

    @Test
    void aDocumentOfAnOlderChunkerIsChunkedAgainAsItsNextVersion() {
        String id = IngestTestSupport.upload(token, "old-chunker.txt", Fixtures.text(), "text/plain")
                .then().statusCode(202).extract().jsonPath().getString("id");
        byte[] text = "A document whose chunker was not recorded.\n".getBytes(StandardCharsets.UTF_8);
        String unrecorded = IngestTestSupport.upload(token, "unrecorded-chunker.txt", text, "text/plain")
                .then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath first = IngestTestSupport.awaitFinal(token, id, Duration.ofSeconds(30));
        assertEquals("indexed", IngestTestSupport.awaitFinal(token, unrecorded, Duration.ofSeconds(30)).getString("status"));
        assertEquals("indexed", first.getString("status"));
        assertEquals(1, first.getInt("version"));
        assertEquals(Chunker.VERSION, first.getString("chunkerVersion"));
        int chunks = first.getInt("chunkCount");
        verify(vectors, never()).activateVersion(eq(UUID.fromString(id)), eq(2), eq(owner));

        // as if the code of an earlier chunker had indexed it
        assertEquals(1, db.preparedQuery("update ingest.documents set chunker_version = 'structure-v1' where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().rowCount());
        // and as if it had been indexed before chunker versions were recorded
        assertEquals(1, db.preparedQuery("update ingest.documents set chunker_version = null where id = $1")
                .execute(Tuple.of(UUID.fromString(unrecorded))).await().indefinitely().rowCount());

        JsonPath again = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> IngestTestSupport.document(token, id),
                        json -> json.getInt("version") == 2 && "indexed".equals(json.getString("status")));
        assertEquals(Chunker.VERSION, again.getString("chunkerVersion"));
        assertEquals(chunks, again.getInt("chunkCount"), "the same bytes, the same chunker: the same chunks");
        assertEquals(first.getLong("sizeBytes"), again.getLong("sizeBytes"));
        verify(vectors, atLeastOnce()).upsert(argThat(r -> r.documentId().toString().equals(id)
                && Integer.valueOf(2).equals(r.version())));
        verify(vectors).activateVersion(UUID.fromString(id), 2, owner);
        JsonPath unrecordedAgain = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> IngestTestSupport.document(token, unrecorded),
                        json -> json.getInt("version") == 2 && "indexed".equals(json.getString("status")));
        assertEquals(Chunker.VERSION, unrecordedAgain.getString("chunkerVersion"));
    }
}
