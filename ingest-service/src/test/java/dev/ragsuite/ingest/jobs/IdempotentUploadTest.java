package dev.ragsuite.ingest.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.testing.AllAtOnce;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Same bytes → the same document (even ten at once); same name, other bytes → a new version of it. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class IdempotentUploadTest extends OwnerTest {

    IdempotentUploadTest() {
        super("idem-");
    }

    @Inject
    DocumentStorage storage;

    @Test
    void tenConcurrentIdenticalUploadsMakeOneDocument() throws Exception {
        byte[] bytes = (Fixtures.prose(2) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        List<Response> responses = AllAtOnce.run(10, i -> {
            String name = i % 2 == 0 ? "same.txt" : "copy-" + i + ".txt"; // same name and other names alike
            return given().auth().oauth2(token).multiPart("file", name, bytes, "text/plain").post("/api/documents");
        });
        Set<String> ids = responses.stream().map(r -> r.jsonPath().getString("id")).collect(Collectors.toSet());
        List<Integer> statuses = responses.stream().map(Response::statusCode).sorted().toList();
        assertEquals(1, ids.size(), "one document for ten identical uploads: " + ids);
        assertEquals(1, statuses.stream().filter(s -> s == 202).count(), "exactly one upload is new: " + statuses);
        assertEquals(9, statuses.stream().filter(s -> s == 200).count(), "the others get the existing document: " + statuses);
        given().auth().oauth2(token).get("/api/documents").then().statusCode(200).body("total", equalTo(1));
        try (var files = Files.list(storage.directory())) {
            String id = given().auth().oauth2(token).get("/api/documents").jsonPath().getString("items[0].id");
            assertTrue(Files.exists(storage.pathOf(UUID.fromString(id))), "the winner's bytes are kept");
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial files are left");
        }
    }

    @Test
    void sameBytesAgainAnswer200WithTheExistingDocument() {
        byte[] bytes = (Fixtures.prose(1) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String id = upload("first.txt", bytes).then().statusCode(202).extract().jsonPath().getString("id");
        upload("renamed.txt", bytes).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("first.txt")).body("version", equalTo(1))
                .header("Location", equalTo("/api/documents/" + id));
    }

    @Test
    void changedBytesUnderTheSameNameMakeANewVersionThatReplacesTheOld() {
        String id = upload("notes.txt", "First version about the harbour lamp.".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(202).extract().jsonPath().getString("id");
        assertEquals("indexed", awaitFinal(id).getString("status"));
        Path firstBytes = storage.pathOf(UUID.fromString(id));
        assertTrue(Files.exists(firstBytes));

        upload("notes.txt", "Second version about the lighthouse lens.".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(202).body("id", equalTo(id)).body("version", equalTo(2)).body("status", equalTo("queued"));
        JsonPath document = awaitFinal(id);

        assertEquals("indexed", document.getString("status"), () -> document.prettify());
        assertEquals(2, document.getInt("version"));
        UUID uuid = UUID.fromString(id);
        ArgumentCaptor<UpsertRequest> requests = ArgumentCaptor.forClass(UpsertRequest.class);
        verify(vectors, atLeastOnce()).upsert(requests.capture());
        List<UpsertRequest> second = requests.getAllValues().stream()
                .filter(r -> r.documentId().equals(uuid) && Integer.valueOf(2).equals(r.version())).toList();
        assertFalse(second.isEmpty(), "version 2 was staged");
        assertTrue(second.stream().flatMap(r -> r.chunks().stream()).allMatch(c -> c.chunkId().startsWith(id + ":v2:")));
        assertTrue(second.stream().flatMap(r -> r.chunks().stream()).anyMatch(c -> c.text().contains("lighthouse lens")));
        verify(vectors).activateVersion(uuid, 1, owner);
        verify(vectors).activateVersion(uuid, 2, owner); // the swap: version 2 replaces version 1 in one index commit
        assertFalse(Files.exists(firstBytes), "the replaced version's bytes are deleted");
        given().auth().oauth2(token).get("/api/documents").then().body("total", equalTo(1));
    }

    @Test
    void aDocumentCanBeDeletedAndTheSameBytesUploadedAgain() {
        byte[] bytes = (Fixtures.prose(1) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String id = upload("again.txt", bytes).then().statusCode(202).extract().jsonPath().getString("id");
        awaitFinal(id);
        given().auth().oauth2(token).delete("/api/documents/" + id).then().statusCode(200);
        String second = upload("again.txt", bytes).then().statusCode(202).extract().jsonPath().getString("id");
        assertFalse(second.equals(id), "a new document after the delete");
        verify(vectors, atLeastOnce()).upsert(argThat(r -> r.documentId().toString().equals(id)));
    }

    private Response upload(String name, byte[] bytes) {
        return IngestTestSupport.upload(token, name, bytes, "text/plain");
    }

    private JsonPath awaitFinal(String id) {
        return IngestTestSupport.awaitFinal(token, id, Duration.ofSeconds(60));
    }
}
