package dev.ragsuite.vector.rest;

import static dev.ragsuite.vector.support.InternalApi.internal;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.vector.support.InternalApi;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Staged versions over HTTP: invisible until activated, swapped in one step, counted for audits; the manifest. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class VersionedIndexResourceTest {

    @Test
    void stagedVersionIsInvisibleUntilActivatedThenReplacesTheOldOne() {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        stage(owner, doc, 1, List.of("The harbour lamp was lit with whale oil in 1850."), 4).statusCode(200)
                .body("upserted", equalTo(1));
        search(owner, "harbour lamp whale oil").body("hits", empty());
        stats(owner, doc).body("vectors", equalTo(1)).body("keywordEntries", equalTo(1)).body("staged", equalTo(1));

        activate(owner, doc, 1).statusCode(200).body("visible", equalTo(1)).body("removed", equalTo(0));
        search(owner, "harbour lamp whale oil").body("hits.size()", equalTo(1))
                .body("hits[0].page", equalTo(4)).body("hits[0].headingPath", equalTo("History > Lamps"));

        stage(owner, doc, 2, List.of("The harbour lamp is now an electric LED beacon.", "It was automated in 1990."), 5)
                .statusCode(200);
        search(owner, "harbour lamp").body("hits.chunkId", everyItem(startsWith(doc + ":v1:")));
        activate(owner, doc, 2).statusCode(200).body("visible", equalTo(2)).body("removed", equalTo(1));
        search(owner, "harbour lamp").body("hits.chunkId", everyItem(startsWith(doc + ":v2:")));
        stats(owner, doc).body("vectors", equalTo(2)).body("staged", equalTo(0));
    }

    @Test
    void discardRemovesAStagedVersionAndDeleteLeavesNothing() {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        stage(owner, doc, 1, List.of("A first text.", "A second text."), 1).statusCode(200);
        internal().queryParam("ownerId", owner).delete("/internal/v1/documents/" + doc + "/versions/1")
                .then().statusCode(200).body("deleted", equalTo(2)).body("remaining", equalTo(0));
        stage(owner, doc, 2, List.of("Another text."), 1).statusCode(200);
        internal().queryParam("ownerId", owner).delete("/internal/v1/documents/" + doc)
                .then().statusCode(200).body("deleted", equalTo(1)).body("remaining", equalTo(0))
                .body("keywordRemaining", equalTo(0));
        stats(owner, doc).body("vectors", equalTo(0)).body("keywordEntries", equalTo(0)).body("staged", equalTo(0));
    }

    @Test
    void badVersionIs400() {
        internal().queryParam("ownerId", "someone").post("/internal/v1/documents/" + UUID.randomUUID() + "/versions/0/activate")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void manifestNamesTheModelAndDimensions() {
        internal().get("/internal/v1/manifest").then().statusCode(200)
                .body("model", equalTo("e5-small-v2-q")).body("dimensions", equalTo(384)).body("backend", equalTo("lucene"))
                .body("index", equalTo("e5-small-v2-q-384"))
                .body("reindex.state", equalTo("none"));
    }

    @Test
    void callerVectorOfTheWrongDimensionIs422AndNothingIsStored() {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        float[] right = new float[384];
        right[0] = 1f;
        List<Map<String, Object>> chunks = List.of(
                Map.of("chunkId", doc + ":0", "position", 0, "text", "a chunk with a fitting vector", "vector", right),
                Map.of("chunkId", doc + ":1", "position", 1, "text", "a chunk with a short vector", "vector", new float[] {1f, 0f, 0f}));
        internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "v.txt", "chunks", chunks))
                .post("/internal/v1/chunks").then().statusCode(422).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("384"));
        stats(owner, doc).body("vectors", equalTo(0));

        internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "v.txt", "chunks", chunks.subList(0, 1)))
                .post("/internal/v1/chunks").then().statusCode(200).body("upserted", equalTo(1));
        stats(owner, doc).body("vectors", equalTo(1));
    }

    private static io.restassured.response.ValidatableResponse stage(String owner, UUID doc, int version, List<String> texts, int page) {
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> chunk = new HashMap<>();
            chunk.put("chunkId", doc + ":v" + version + ":" + i);
            chunk.put("position", i);
            chunk.put("text", texts.get(i));
            chunk.put("page", page);
            chunk.put("headingPath", "History > Lamps");
            chunk.put("chunkerVersion", "test");
            chunks.add(chunk);
        }
        return internal().body(Map.of("ownerId", owner, "documentId", doc, "documentName", "lamp.txt", "chunks", chunks,
                "version", version)).post("/internal/v1/chunks").then();
    }

    private static io.restassured.response.ValidatableResponse activate(String owner, UUID doc, int version) {
        return internal().queryParam("ownerId", owner).post("/internal/v1/documents/" + doc + "/versions/" + version + "/activate").then();
    }

    private static io.restassured.response.ValidatableResponse stats(String owner, UUID doc) {
        return internal().queryParam("ownerId", owner).get("/internal/v1/documents/" + doc + "/stats").then().statusCode(200);
    }
    private static io.restassured.response.ValidatableResponse search(String owner, String query) {
        return InternalApi.search(owner, query, 5).statusCode(200);
    }
}
