package dev.ragsuite.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.StandInSite;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.vector.api.DocumentSource;
import dev.ragsuite.vector.api.UpsertRequest;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * URL imports and publishing through ingest-service's API, with vector-service mocked. The "remote" site is a
 * local {@link StandInSite} on {@code localhost}, which the test configuration allows by name
 * ({@code %test.rag.ingest.import.allow=localhost}, as an operator would with RAG_IMPORT_ALLOW); the address
 * 127.0.0.1 itself stays refused, so a redirect there fails the document.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ImportAndPublishTest extends AliceAndBobTest {

    private static final String DOCUMENTS = "/api/documents";
    private static final Duration INDEXING = Duration.ofSeconds(60);
    private static final String PAGE = "<html><head><title>Lamp room</title></head><body><h1>Lamp room</h1>"
            + "<p>The lamp room of the Eddystone lighthouse sits at the top of one hundred and twenty steps.</p>"
            + "<p>Its keeper trimmed the wicks every evening at dusk.</p></body></html>";

    static StandInSite site;
    static String origin;
    static int port;

    @InjectMock
    VectorClient vectors;

    @BeforeAll
    static void startSite() {
        site = StandInSite.start();
        port = site.port();
        origin = site.origin();
        site.html("/lamp-room.html", PAGE).redirect("/moved", 302, "http://127.0.0.1:" + port + "/lamp-room.html");
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @BeforeEach
    void setUp() {
        IngestTestSupport.acceptEverything(vectors);
    }

    // --- import from a URL ---

    @Test
    void aPageImportedFromAnAllowedAddressIsIndexedWithItsSource() {
        String url = origin + "/lamp-room.html";
        String id = given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("url", url + "#top"))
                .post(DOCUMENTS + "/import").then().statusCode(202)
                .header("Location", startsWith(DOCUMENTS + "/"))
                .body("status", equalTo("queued"))
                .body("name", equalTo("lamp-room.html"))
                .body("source.type", equalTo("url"))
                .body("source.url", equalTo(url))
                .extract().path("id");

        JsonPath document = IngestTestSupport.awaitFinal(aliceToken, id, INDEXING);
        assertEquals("indexed", document.getString("status"), () -> "error: " + document.getString("error"));
        assertEquals("text/html", document.getString("contentType"), "sniffed from the bytes");
        assertEquals(PAGE.length(), document.getLong("sizeBytes"));
        assertEquals(url, document.getString("source.url"));
        List<UpsertRequest> sent = upsertsFor(id);
        assertTrue(sent.stream().allMatch(r -> DocumentSource.url(url).equals(r.source()) && !r.isPublished()),
                "every batch carries the source to vector-service");
        assertTrue(sent.stream().flatMap(r -> r.chunks().stream()).anyMatch(c -> c.text().contains("one hundred and twenty steps")));

        // importing the same address again fetches it again, as the next version of the same document
        given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("url", url))
                .post(DOCUMENTS + "/import").then().statusCode(202)
                .body("id", equalTo(id)).body("version", equalTo(2));
        assertEquals("indexed", IngestTestSupport.awaitFinal(aliceToken, id, INDEXING).getString("status"));
    }

    @Test
    void refusedAddressesAreA400NamingWhyAndNothingIsKept() {
        Map<String, String> refused = Map.of(
                "http://127.0.0.1:" + port + "/lamp-room.html", "loopback",
                "http://169.254.169.254/latest/meta-data/", "cloud metadata",
                "http://2130706433/", "notation",
                "http://[::ffff:127.0.0.1]/", "loopback",
                "ftp://example.org/file.pdf", "Only http and https");
        refused.forEach((url, why) -> given().auth().oauth2(aliceToken).contentType(ContentType.JSON)
                .body(Map.of("url", url)).post(DOCUMENTS + "/import").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString(why)));
        given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("other", "x"))
                .post(DOCUMENTS + "/import").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(aliceToken).get(DOCUMENTS).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aRedirectToARefusedAddressFailsTheDocumentWithTheReason() {
        String id = given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("url", origin + "/moved"))
                .post(DOCUMENTS + "/import").then().statusCode(202).extract().path("id");
        JsonPath document = IngestTestSupport.awaitFinal(aliceToken, id, INDEXING);
        assertEquals("failed", document.getString("status"));
        assertTrue(document.getString("error").contains("127.0.0.1 is a loopback address"), document.getString("error"));
        verify(vectors, never()).upsert(argThat(r -> r != null && r.documentId().toString().equals(id)));
    }

    // --- publishing ---

    @Test
    void anAdminPublishesADocumentToEveryoneReadOnlyAndTakesItBack() {
        String id = DocumentApiTest.uploadAccepted(aliceToken, "shared.txt", Fixtures.text(), "text/plain");
        // indexed first: a worker finishing a document published meanwhile applies the flag once more (a second
        // setVisibility, by design), which would blur the one call each publish and unpublish must make here
        assertEquals("indexed", IngestTestSupport.awaitFinal(aliceToken, id, INDEXING).getString("status"));
        String adminToken = TestJwt.token("admin-" + UUID.randomUUID(), UUID.randomUUID().toString(), Set.of("admin"));

        given().auth().oauth2(bobToken).post(DOCUMENTS + "/" + id + "/publish").then().statusCode(403);
        given().auth().oauth2(bobToken).get(DOCUMENTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(adminToken).post(DOCUMENTS + "/" + UUID.randomUUID() + "/publish").then().statusCode(404)
                .contentType("application/problem+json");
        try {
            given().auth().oauth2(adminToken).post(DOCUMENTS + "/" + id + "/publish").then().statusCode(200)
                    .body("published", equalTo(true)).body("shared", equalTo(true));
            verify(vectors).setVisibility(UUID.fromString(id), alice, true);

            given().auth().oauth2(bobToken).get(DOCUMENTS).then().statusCode(200)
                    .body("items.find { it.id == '" + id + "' }.shared", equalTo(true))
                    .body("items.find { it.id == '" + id + "' }.source.type", equalTo("upload"));
            given().auth().oauth2(bobToken).get(DOCUMENTS + "/" + id).then().statusCode(200).body("shared", equalTo(true));
            given().auth().oauth2(bobToken).delete(DOCUMENTS + "/" + id).then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString("only its owner"));
            verify(vectors, never()).deleteDocument(eq(UUID.fromString(id)), anyString());
            given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + id).then().statusCode(200)
                    .body("published", equalTo(true)).body("shared", equalTo(false));
        } finally {
            given().auth().oauth2(adminToken).post(DOCUMENTS + "/" + id + "/unpublish").then().statusCode(200)
                    .body("published", equalTo(false));
        }
        verify(vectors).setVisibility(UUID.fromString(id), alice, false);
        given().auth().oauth2(bobToken).get(DOCUMENTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(bobToken).get(DOCUMENTS).then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void whenTheIndexCannotBeChangedNothingIsPublished() {
        String id = DocumentApiTest.uploadAccepted(aliceToken, "kept.txt", Fixtures.text(), "text/plain");
        String adminToken = TestJwt.token("admin-" + UUID.randomUUID(), UUID.randomUUID().toString(), Set.of("admin"));
        when(vectors.setVisibility(any(), anyString(), anyBoolean()))
                .thenReturn(Uni.createFrom().failure(new IllegalStateException("vector-service is down")));

        given().auth().oauth2(adminToken).post(DOCUMENTS + "/" + id + "/publish").then().statusCode(503)
                .contentType("application/problem+json").body("detail", not(containsString("IllegalStateException")));
        given().auth().oauth2(bobToken).get(DOCUMENTS + "/" + id).then().statusCode(404);
        assertFalse(IngestTestSupport.document(aliceToken, id).getBoolean("published"));
    }

    private List<UpsertRequest> upsertsFor(String id) {
        ArgumentCaptor<UpsertRequest> requests = ArgumentCaptor.forClass(UpsertRequest.class);
        verify(vectors, atLeastOnce()).upsert(requests.capture());
        return requests.getAllValues().stream().filter(r -> r != null && r.documentId().toString().equals(id)).toList();
    }
}
