package dev.ragsuite.vector.rest;

import static dev.ragsuite.vector.support.InternalApi.INTERNAL;
import static dev.ragsuite.vector.support.InternalApi.PROBLEM;
import static dev.ragsuite.vector.support.InternalApi.asUser;
import static dev.ragsuite.vector.support.InternalApi.internal;
import static dev.ragsuite.vector.support.InternalApi.search;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.vector.support.FiveFacts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The internal API end to end: real model, real index on disk (target/test-index), real Redis. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class VectorResourceTest {

    private static final List<String> SENTENCES = FiveFacts.SENTENCES;

    @Test
    void searchRanksTheAnsweringChunkFirstAndOnlyForItsOwner() {
        String alice = "user-" + UUID.randomUUID();
        String bob = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        upsert(alice, doc, "tesla.txt", SENTENCES).statusCode(200).body("upserted", equalTo(SENTENCES.size()));

        search(alice, "In what year did Tesla die?", 3)
                .statusCode(200)
                .body("backend", equalTo("lucene"))
                .body("hits.size()", equalTo(3))
                .body("hits[0].chunkId", equalTo(doc + "-1"))
                .body("hits[0].text", containsString("1943"))
                .body("hits[0].documentId", equalTo(doc.toString()))
                .body("hits[0].documentName", equalTo("tesla.txt"))
                .body("hits[0].position", equalTo(1))
                .body("hits.documentId", everyItem(equalTo(doc.toString())));

        search(bob, "In what year did Tesla die?", 10)
                .statusCode(200)
                .body("hits", empty());
    }

    @Test
    void reUpsertReplacesChunks() {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        upsert(owner, doc, "a.txt", SENTENCES).statusCode(200);
        upsert(owner, doc, "a.txt", SENTENCES).statusCode(200);

        search(owner, "Amazon rainforest", 50).statusCode(200).body("hits.size()", equalTo(SENTENCES.size()));
    }

    @Test
    void deleteRemovesTheDocumentAndSearchFindsNothingAfterwards() {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        upsert(owner, doc, "gone.txt", SENTENCES).statusCode(200);

        internal().queryParam("ownerId", owner)
                .when().delete("/internal/v1/documents/{id}", doc)
                .then().statusCode(200)
                .body("deleted", equalTo(SENTENCES.size()))
                .body("remaining", equalTo(0));

        search(owner, "In what year did Tesla die?", 5).statusCode(200).body("hits", empty());
        internal().queryParam("ownerId", owner)
                .when().delete("/internal/v1/documents/{id}", doc)
                .then().statusCode(200).body("deleted", equalTo(0));
    }

    @Test
    void internalTokenIsRequired() {
        given().contentType(ContentType.JSON).body(upsertBody("someone", UUID.randomUUID(), "x.txt", SENTENCES))
                .when().post("/internal/v1/chunks")
                .then().statusCode(401).contentType(startsWith(PROBLEM));
        given().header(INTERNAL, "not-the-token-not-the-token-not-the-token").contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TestJwt.user("someone"))
                .body(Map.of("query", "tesla", "topK", 5))
                .when().post("/internal/v1/search")
                .then().statusCode(401).contentType(startsWith(PROBLEM));
        given().queryParam("ownerId", "someone")
                .when().delete("/internal/v1/documents/{id}", UUID.randomUUID())
                .then().statusCode(401).contentType(startsWith(PROBLEM));
    }

    @Test
    void searchNeedsAValidUserToken() {
        internal().body(Map.of("query", "tesla", "topK", 5))
                .when().post("/internal/v1/search")
                .then().statusCode(401).contentType(startsWith(PROBLEM));
        internal().header("Authorization", "Bearer " + TestJwt.forged("mallory"))
                .body(Map.of("query", "tesla", "topK", 5))
                .when().post("/internal/v1/search")
                .then().statusCode(401).contentType(startsWith(PROBLEM));
    }

    @Test
    void invalidSearchesAreBadRequests() {
        String user = "user-" + UUID.randomUUID();
        search(user, "tesla", 0).statusCode(400).contentType(startsWith(PROBLEM)).body("errors.field", hasItem("topK"));
        search(user, "tesla", 51).statusCode(400).contentType(startsWith(PROBLEM)).body("errors.field", hasItem("topK"));
        search(user, "", 5).statusCode(400).contentType(startsWith(PROBLEM)).body("errors.field", hasItem("query"));
        // nothing to search for: punctuation, control and zero-width characters only
        for (String query : List.of("?!...", "\u0000\u0007\u001b", "\u200b\u200c\u2060\ufeff", " ¿¡ \u200b -- ", "\u0001?")) {
            search(user, query, 5).statusCode(400).contentType(startsWith(PROBLEM)).body("errors.field", hasItem("query"));
        }
        search(user, "1943", 5).statusCode(200);
        search(user, "q".repeat(2001), 5).statusCode(400).contentType(startsWith(PROBLEM));
        asUser(user).body("{\"query\": ").when().post("/internal/v1/search")
                .then().statusCode(400).contentType(startsWith(PROBLEM));
    }

    @Test
    void hostileQueryTextIsJustText() {
        String owner = "user-" + UUID.randomUUID();
        upsert(owner, UUID.randomUUID(), "c.txt", List.of("C++ and Java are programming languages.")).statusCode(200);
        search(owner, "C++ \"AND\" (", 5).statusCode(200).body("hits.size()", equalTo(1));
    }

    @Test
    void invalidUpsertsAreBadRequestsAndWriteNothing() {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "e.txt", "chunks", List.of()))
                .when().post("/internal/v1/chunks")
                .then().statusCode(400).contentType(startsWith(PROBLEM)).body("errors.field", hasItem("chunks"));
        internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "d.txt", "chunks", List.of(
                        Map.of("chunkId", "same", "position", 0, "text", "first"),
                        Map.of("chunkId", "same", "position", 1, "text", "second"))))
                .when().post("/internal/v1/chunks")
                .then().statusCode(400).contentType(startsWith(PROBLEM)).body("detail", containsString("same"));
        internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "b.txt", "chunks", List.of(
                        Map.of("chunkId", "blank", "position", 0, "text", " "))))
                .when().post("/internal/v1/chunks")
                .then().statusCode(400).contentType(startsWith(PROBLEM));
        internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "l.txt", "chunks", List.of(
                        Map.of("chunkId", "long", "position", 0, "text", "x".repeat(8001)))))
                .when().post("/internal/v1/chunks")
                .then().statusCode(400).contentType(startsWith(PROBLEM));
        internal().queryParam("ownerId", owner)
                .when().delete("/internal/v1/documents/{id}", doc)
                .then().statusCode(200).body("deleted", equalTo(0));
        internal().when().delete("/internal/v1/documents/{id}", doc)
                .then().statusCode(400).contentType(startsWith(PROBLEM));
    }

    @Test
    void readinessReportsModelAndIndexAndMetricsAreExposed() {
        String owner = "user-" + UUID.randomUUID();
        upsert(owner, UUID.randomUUID(), "m.txt", SENTENCES.subList(0, 2)).statusCode(200);
        search(owner, "Tesla", 1).statusCode(200);

        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'vector-index' }.data.backend", equalTo("lucene"))
                .body("checks.find { it.name == 'vector-index' }.data.model", equalTo("e5-small-v2-q"))
                .body("checks.find { it.name == 'vector-index' }.data.dimensions", equalTo(384))
                .body("checks.find { it.name == 'vector-index' }.data.chunks", greaterThanOrEqualTo(2))
                // an in-process model: Ollama is not used, so not asked
                .body("checks.find { it.name == 'ollama-embeddings' }.data.used", equalTo(false));
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("rag_vector_search_seconds_count"))
                .body(containsString("rag_vector_embedding_seconds_count"))
                .body(containsString("rag_vector_chunks_upserted_total"))
                .body(not(containsString("rag_vector_chunks_upserted_total{backend=\"lucene\"} 0.0")));
    }

    private static io.restassured.response.ValidatableResponse upsert(String owner, UUID doc, String name, List<String> texts) {
        return internal().body(upsertBody(owner, doc, name, texts))
                .when().post("/internal/v1/chunks")
                .then();
    }

    private static Map<String, Object> upsertBody(String owner, UUID doc, String name, List<String> texts) {
        List<Map<String, Object>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            chunks.add(Map.of("chunkId", doc + "-" + i, "position", i, "text", texts.get(i)));
        }
        return Map.of("ownerId", owner, "documentId", doc, "documentName", name, "chunks", chunks);
    }
}
