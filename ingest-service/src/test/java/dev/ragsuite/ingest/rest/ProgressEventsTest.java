package dev.ragsuite.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.SseEvents;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GET /api/documents/{id}/events: server-sent progress until a final state, for the owner only. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ProgressEventsTest extends OwnerTest {

    @TestHTTPResource("/api/documents")
    URI documents;

    ProgressEventsTest() {
        super("sse-");
    }

    @Test
    void progressIsStreamedUntilIndexedThenTheStreamCloses() throws Exception {
        byte[] bytes = (Fixtures.prose(120).substring(0, 60000) + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String id = given().auth().oauth2(token).multiPart("file", "long.txt", bytes, "text/plain").post("/api/documents")
                .then().statusCode(202).extract().jsonPath().getString("id");

        List<String> data = CompletableFuture.supplyAsync(() -> read(id, token)).get(60, TimeUnit.SECONDS);

        assertTrue(!data.isEmpty(), "at least the current state");
        JsonPath last = new JsonPath(data.get(data.size() - 1));
        assertEquals("indexed", last.getString("status"), () -> "events: " + data);
        assertEquals(id, last.getString("documentId"));
        assertEquals(last.getInt("total"), last.getInt("done"));
        assertTrue(data.stream().map(JsonPath::new).allMatch(e -> id.equals(e.getString("documentId"))));
    }

    @Test
    void anotherUsersDocumentIsA404ProblemBeforeAnyStream() {
        String id = given().auth().oauth2(token).multiPart("file", "mine.txt", (Fixtures.prose(1) + UUID.randomUUID()).getBytes(), "text/plain")
                .post("/api/documents").then().statusCode(202).extract().jsonPath().getString("id");

        given().auth().oauth2(TestJwt.user("other-" + UUID.randomUUID())).accept("text/event-stream")
                .get("/api/documents/" + id + "/events")
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
        given().auth().oauth2(token).accept("text/event-stream")
                .get("/api/documents/" + UUID.randomUUID() + "/events")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).accept("text/event-stream")
                .get("/api/documents/not-a-uuid/events")
                .then().statusCode(404).contentType("application/problem+json");
        given().accept("text/event-stream").get("/api/documents/" + id + "/events").then().statusCode(401);
    }

    private HttpRequest request(String id, String bearer) {
        return HttpRequest.newBuilder(URI.create(documents + "/" + id + "/events"))
                .header("Authorization", "Bearer " + bearer).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    /** The data of the stream's events (JSON), read until the server closes it. */
    private List<String> read(String id, String bearer) {
        try {
            HttpResponse<java.io.InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request(id, bearer),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            return SseEvents.read(response.body()).stream().map(e -> e.data().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
