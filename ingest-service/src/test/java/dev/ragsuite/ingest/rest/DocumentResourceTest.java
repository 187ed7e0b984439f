package dev.ragsuite.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.chunking.Chunker;
import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class DocumentResourceTest extends AliceAndBobTest {

    private static final String DOCUMENTS = "/api/documents";
    private static final Duration INDEXING = Duration.ofSeconds(60);

    @InjectMock
    VectorClient vectors;

    @Inject
    Chunker chunker;

    @Inject
    DocumentStorage storage;

    @BeforeEach
    void setUp() {
        IngestTestSupport.acceptEverything(vectors);
        when(vectors.deleteDocument(any(), anyString())).thenReturn(Uni.createFrom().item(new DeleteResult(7, 0)));
    }

    @Test
    void markdownIsIndexedInChunksThatFitTheModel() {
        String id = uploadAccepted(aliceToken, "notes.md", Fixtures.markdown(), "text/markdown");
        JsonPath document = awaitFinal(aliceToken, id);

        assertEquals("indexed", document.getString("status"), () -> "error: " + document.getString("error"));
        assertEquals("text/markdown", document.getString("contentType"));
        assertEquals("notes.md", document.getString("name"));
        assertEquals(Fixtures.markdown().length, document.getLong("sizeBytes"));
        assertTrue(document.getString("indexedAt") != null);
        List<ChunkPayload> chunks = chunksSentFor(id);
        assertEquals(document.getInt("chunkCount"), chunks.size());
        assertTrue(chunks.size() > 1, "several chunks expected, got " + chunks.size());
        assertTrue(chunks.stream().anyMatch(c -> c.text().contains("# The lighthouse")), "Markdown stays text");
        assertTrue(chunks.stream().anyMatch(c -> "The lighthouse > History".equals(c.headingPath())), "heading paths");
        assertTrue(chunks.stream().anyMatch(c -> "The lighthouse > Today".equals(c.headingPath())), "heading paths");
        verify(vectors).activateVersion(UUID.fromString(id), 1, alice);
        assertEquals(Chunker.VERSION, document.getString("chunkerVersion"));
        assertEquals(document.getInt("chunkCount"), document.getInt("chunksDone"));
    }

    @Test
    void plainTextIsIndexed() {
        String id = uploadAccepted(aliceToken, "story.txt", Fixtures.text(), "text/plain");
        JsonPath document = awaitFinal(aliceToken, id);
        assertEquals("indexed", document.getString("status"), () -> "error: " + document.getString("error"));
        assertEquals("text/plain", document.getString("contentType"));
        assertTrue(document.getInt("chunkCount") > 0);
        assertEquals(document.getInt("chunkCount"), chunksSentFor(id).size());
    }

    @Test
    void htmlIsIndexedWithoutMarkup() {
        String id = uploadAccepted(aliceToken, "page.html", Fixtures.html(), "text/html");
        JsonPath document = awaitFinal(aliceToken, id);
        assertEquals("indexed", document.getString("status"), () -> "error: " + document.getString("error"));
        assertEquals("text/html", document.getString("contentType"));
        List<ChunkPayload> chunks = chunksSentFor(id);
        assertTrue(chunks.size() > 0);
        assertTrue(chunks.stream().noneMatch(c -> c.text().contains("<p>") || c.text().contains("color: red")));
        assertTrue(chunks.stream().anyMatch(c -> c.text().contains("lighthouse keeper")));
    }

    @Test
    void pdfIsIndexed() {
        String id = uploadAccepted(aliceToken, "report.pdf", Fixtures.pdf(), "application/pdf");
        JsonPath document = awaitFinal(aliceToken, id);
        assertEquals("indexed", document.getString("status"), () -> "error: " + document.getString("error"));
        assertEquals("application/pdf", document.getString("contentType"));
        assertTrue(document.getInt("chunkCount") > 0);
        List<ChunkPayload> chunks = chunksSentFor(id);
        assertTrue(chunks.stream().anyMatch(c -> c.text().contains("spiral stairs")));
        assertEquals(1, chunks.get(0).page(), "PDF chunks know their page");
        assertTrue(chunks.stream().anyMatch(c -> Integer.valueOf(2).equals(c.page())), "the second page is cited as page 2");
    }

    @Test
    void truncatedPdfFailsWithAReason() {
        String id = uploadAccepted(aliceToken, "broken.pdf", Fixtures.truncatedPdf(), "application/pdf");
        JsonPath document = awaitFinal(aliceToken, id);
        assertEquals("failed", document.getString("status"));
        String error = document.getString("error");
        assertTrue(error != null && !error.isBlank() && error.length() < 300, "short reason expected: " + error);
        assertFalse(error.contains("Exception") || error.contains("\tat "), "no internals: " + error);
        verify(vectors, never()).upsert(argThat(r -> r.documentId().toString().equals(id)));
    }

    @Test
    void documentWithoutTextFails() {
        byte[] whitespaceHtml = "<!DOCTYPE html><html><body>   </body></html>".getBytes();
        String id = uploadAccepted(aliceToken, "empty.html", whitespaceHtml, "text/html");
        JsonPath document = awaitFinal(aliceToken, id);
        assertEquals("failed", document.getString("status"));
        assertEquals("no text could be extracted", document.getString("error"));
    }

    @Test
    void uploadAnswersWithLocationAndQueuedStatus() {
        Response response = upload(aliceToken, "a.txt", Fixtures.text(), "text/plain");
        response.then().statusCode(202)
                .body("status", equalTo("queued"))
                .body("name", equalTo("a.txt"))
                .header("Location", equalTo("/api/documents/" + response.jsonPath().getString("id")));
        assertTrue(Files.exists(storage.pathOf(UUID.fromString(response.jsonPath().getString("id")))));
    }

    @Test
    void anotherUsersDocumentLooksMissing() {
        String id = uploadAccepted(aliceToken, "private.txt", Fixtures.text(), "text/plain");

        given().auth().oauth2(bobToken).get(DOCUMENTS + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(bobToken).delete(DOCUMENTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + id).then().statusCode(200);
        verify(vectors, never()).deleteDocument(eq(UUID.fromString(id)), anyString());
    }

    @Test
    void pathInTheFileNameIsStrippedAndNeverUsed() throws IOException {
        Path outside = storage.directory().resolve("../../etc/passwd").normalize();
        String id = uploadAccepted(aliceToken, "../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n".getBytes(), "text/plain");

        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + id).then().statusCode(200).body("name", equalTo("passwd"));
        assertTrue(Files.exists(storage.pathOf(UUID.fromString(id))));
        assertFalse(Files.exists(outside), "nothing may be written at " + outside);
        try (Stream<Path> stored = Files.list(storage.directory())) {
            assertTrue(stored.map(p -> p.getFileName().toString()).allMatch(DocumentResourceTest::isServerChosenName));
        }
    }

    @Test
    void deleteRemovesVectorsFileAndRow() {
        String id = uploadAccepted(aliceToken, "gone.txt", Fixtures.text(), "text/plain");
        assertEquals("indexed", awaitFinal(aliceToken, id).getString("status"));
        UUID uuid = UUID.fromString(id);

        given().auth().oauth2(aliceToken).delete(DOCUMENTS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("deleted", equalTo(true))
                .body("vectorsRemoved", equalTo(7)).body("vectorsRemaining", equalTo(0))
                .body("keywordEntriesRemaining", equalTo(0)).body("stagedChunksRemaining", equalTo(0))
                .body("bytesRemaining", equalTo(0)).body("rowsRemaining", equalTo(0));

        verify(vectors).deleteDocument(uuid, alice);
        verify(vectors).documentStats(uuid, alice); // the audit asks the index afterwards
        assertFalse(Files.exists(storage.pathOf(uuid)));
        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(aliceToken).delete(DOCUMENTS + "/" + id).then().statusCode(404);
    }

    @Test
    void deleteKeepsEverythingWhenVectorServiceFails() {
        String id = uploadAccepted(aliceToken, "keep.txt", Fixtures.text(), "text/plain");
        assertEquals("indexed", awaitFinal(aliceToken, id).getString("status"));
        doReturn(Uni.createFrom().failure(new ProcessingException("connection refused")))
                .when(vectors).deleteDocument(any(), anyString());

        given().auth().oauth2(aliceToken).delete(DOCUMENTS + "/" + id).then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("nothing was deleted"));

        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + id).then().statusCode(200)
                .body("status", equalTo("indexed"));
        assertTrue(Files.exists(storage.pathOf(UUID.fromString(id))));
    }

    @Test
    void failingVectorServiceMarksTheDocumentFailed() {
        doReturn(Uni.createFrom().failure(new ProcessingException("connection refused"))).when(vectors).upsert(any());
        String id = uploadAccepted(aliceToken, "later.txt", Fixtures.text(), "text/plain");
        JsonPath document = awaitFinal(aliceToken, id);
        assertEquals("failed", document.getString("status"));
        assertEquals("the search index is unavailable (gave up after 3 attempts)", document.getString("error"));
        assertEquals(3, document.getInt("attempts"));
        verify(vectors, times(3)).upsert(argThat(r -> r.documentId().toString().equals(id)));
    }

    @Test
    void documentDeletedWhileIndexingStaysDeletedAndLeavesNoChunks() throws Exception {
        CountDownLatch upsertStarted = new CountDownLatch(1);
        CompletableFuture<UpsertResult> releaseUpsert = new CompletableFuture<>();
        // only this document's upsert is held: a retry of an earlier test's document must neither
        // count as "reached vector-service" nor be held (it did, and the test then waited for nothing)
        String name = "racy-" + UUID.randomUUID() + ".txt";
        doAnswer(call -> {
            UpsertRequest request = call.getArgument(0);
            if (!name.equals(request.documentName())) {
                return Uni.createFrom().item(new UpsertResult(request.chunks().size()));
            }
            upsertStarted.countDown();
            return Uni.createFrom().completionStage(releaseUpsert);
        }).when(vectors).upsert(any());
        String id = uploadAccepted(aliceToken, name, Fixtures.text(), "text/plain");
        UUID uuid = UUID.fromString(id);
        assertTrue(upsertStarted.await(INDEXING.toSeconds(), TimeUnit.SECONDS), "the worker never reached vector-service");

        given().auth().oauth2(aliceToken).delete(DOCUMENTS + "/" + id).then().statusCode(200);
        releaseUpsert.complete(new UpsertResult(5));

        // the worker finds the row gone when it tries to record success, and takes its chunks back
        await().atMost(INDEXING).untilAsserted(() -> verify(vectors, times(2)).deleteDocument(uuid, alice));
        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + id).then().statusCode(404);
    }

    // ---------------------------------------------------------------------------------------------

    private static Response upload(String token, String fileName, byte[] bytes, String mimeType) {
        return IngestTestSupport.upload(token, fileName, bytes, mimeType);
    }

    private static String uploadAccepted(String token, String fileName, byte[] bytes, String mimeType) {
        return DocumentApiTest.uploadAccepted(token, fileName, bytes, mimeType);
    }

    private static JsonPath awaitFinal(String token, String id) {
        return IngestTestSupport.awaitFinal(token, id, INDEXING);
    }

    /** Every chunk sent to vector-service for one document, after checking owner, ids and the token budget. */
    private List<ChunkPayload> chunksSentFor(String id) {
        ArgumentCaptor<UpsertRequest> requests = ArgumentCaptor.forClass(UpsertRequest.class);
        verify(vectors, atLeastOnce()).upsert(requests.capture());
        List<UpsertRequest> mine = requests.getAllValues().stream()
                // null: a worker's call raced a stubbing in @BeforeEach (Mockito records the stubbing's own call)
                .filter(r -> r != null && r.documentId().toString().equals(id)).toList();
        assertFalse(mine.isEmpty(), "no upsert for " + id);
        mine.forEach(r -> {
            assertEquals(alice, r.ownerId());
            assertEquals(1, r.version(), "chunks are staged under the document's version");
            assertTrue(r.chunks().size() <= 64, "batches of at most 64 chunks");
        });
        List<ChunkPayload> chunks = mine.stream().flatMap(r -> r.chunks().stream()).toList();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkPayload chunk = chunks.get(i);
            assertEquals(i, chunk.position());
            assertEquals(id + ":v1:" + i, chunk.chunkId());
            assertEquals(Chunker.VERSION, chunk.chunkerVersion());
            int tokens = chunker.countTokens(chunk.text());
            assertTrue(tokens <= chunker.maxTokens(), "chunk " + i + " has " + tokens + " tokens");
            assertTrue(tokens > 0);
        }
        return chunks;
    }

    private static boolean isServerChosenName(String fileName) {
        try {
            UUID.fromString(fileName.replace(".part", ""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
