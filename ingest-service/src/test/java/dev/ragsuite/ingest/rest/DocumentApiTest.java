package dev.ragsuite.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.testing.BadPaging;
import dev.ragsuite.testing.MalformedMultipart;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The document API seen from outside only (HTTP in, HTTP out, no bean injected or mocked), so that
 * {@link DocumentApiIT} re-runs it against the packaged application: upload validation, owner
 * scoping, paging limits, problem+json errors. Indexing itself is {@link DocumentResourceTest}'s.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
// named here too so DocumentApiIT's packaged application gets the keyset (ingest-service does not start without one)
@WithTestResource(value = dev.ragsuite.ingest.SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
class DocumentApiTest extends AliceAndBobTest {

    static final String DOCUMENTS = "/api/documents";

    @TestHTTPResource(DOCUMENTS)
    URI documentsUri;

    @Test
    void listAndGetAreScopedToTheOwner() {
        String first = uploadAccepted(aliceToken, "one.txt", Fixtures.text(), "text/plain");
        String second = uploadAccepted(aliceToken, "two.txt", Fixtures.prose(6).getBytes(), "text/plain");
        String bobs = uploadAccepted(bobToken, "bob.txt", Fixtures.text(), "text/plain");

        given().auth().oauth2(aliceToken).get(DOCUMENTS).then().statusCode(200)
                .body("total", equalTo(2))
                .body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.id", equalTo(List.of(second, first))) // newest first
                .body("items.id", not(hasItem(bobs)));
        given().auth().oauth2(aliceToken).queryParam("size", 1).queryParam("page", 1).get(DOCUMENTS).then()
                .statusCode(200).body("items.id", equalTo(List.of(first))).body("total", equalTo(2));
        given().auth().oauth2(bobToken).get(DOCUMENTS).then().statusCode(200)
                .body("items.id", equalTo(List.of(bobs)));
        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + first).then().statusCode(200)
                .body("id", equalTo(first)).body("name", equalTo("one.txt"))
                .body("status", notNullValue()).body("createdAt", notNullValue()).body("updatedAt", notNullValue());
    }

    @Test
    void unknownAndMalformedIdsAre404() {
        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(aliceToken).get(DOCUMENTS + "/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(aliceToken).delete(DOCUMENTS + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void pageSizeIsLimited() {
        given().auth().oauth2(aliceToken).queryParam("size", 101).get(DOCUMENTS).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(aliceToken).queryParam("page", -1).get(DOCUMENTS).then().statusCode(400);
    }

    @Test
    void missingFileIs400() {
        given().auth().oauth2(aliceToken).multiPart("other", "x.txt", Fixtures.text(), "text/plain")
                .post(DOCUMENTS).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void emptyFileIs400() {
        upload(aliceToken, "empty.txt", new byte[0], "text/plain").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void tooLargeFileIs413() {
        byte[] big = Fixtures.prose(200).getBytes(); // well over the 64 KiB test limit
        assertTrue(big.length > 65536);
        upload(aliceToken, "big.txt", big, "text/plain").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("65536"));
    }

    @Test
    void unsupportedBytesAre415WhateverTheName() {
        upload(aliceToken, "x.txt", Fixtures.pngHeader(), "text/plain").then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("application/pdf"));
        byte[] random = new byte[4096];
        new java.util.Random(42).nextBytes(random);
        upload(aliceToken, "x.txt", random, "text/plain").then().statusCode(415);
    }

    @Test
    void noTokenIs401() {
        given().multiPart("file", "x.txt", Fixtures.text(), "text/plain").post(DOCUMENTS).then().statusCode(401);
        given().get(DOCUMENTS).then().statusCode(401);
        given().auth().oauth2(TestJwt.forged(alice)).get(DOCUMENTS).then().statusCode(401);
    }

    static Response upload(String token, String fileName, byte[] bytes, String mimeType) {
        return IngestTestSupport.upload(token, fileName, bytes, mimeType);
    }

    static String uploadAccepted(String token, String fileName, byte[] bytes, String mimeType) {
        Response response = upload(token, fileName, bytes, mimeType);
        response.then().statusCode(202).body("status", equalTo("queued"));
        return response.jsonPath().getString("id");
    }

    @Test
    void badPagingIsA400Problem() {
        BadPaging.assertRefused(() -> given().auth().oauth2(aliceToken), DOCUMENTS);
    }

    @Test
    void malformedMultipartIsA400Problem() throws Exception {
        MalformedMultipart.assertRefused(documentsUri, aliceToken);
        // the same bytes, well formed, are an ordinary upload
        assertEquals(202, MalformedMultipart.post(documentsUri, aliceToken, MalformedMultipart.multipart(),
                MalformedMultipart.wellFormed()).statusCode());
    }
}
