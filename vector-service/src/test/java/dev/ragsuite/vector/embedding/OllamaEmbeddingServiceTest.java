package dev.ragsuite.vector.embedding;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.ragsuite.vector.support.InternalApi.asUser;
import static dev.ragsuite.vector.support.InternalApi.internal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.testing.OllamaStandIn;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import dev.ragsuite.testing.TestSecurityEnvironment;
import dev.ragsuite.vector.support.OllamaProfiles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service with {@code rag.vector.embedding.model=ollama:nomic-embed-text} against the Ollama
 * stand-in: a fresh index named after the Ollama model and its dimensions, chunks and queries
 * embedded through {@code /api/embed} (and cached), and an Ollama error as a 503 problem.
 */
@QuarkusTest
@TestProfile(OllamaEmbeddingServiceTest.OllamaModel.class)
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
class OllamaEmbeddingServiceTest {

    /** An Ollama model with 4 dimensions (configured, so start-up needs no probe), in a fresh index folder. */
    public static class OllamaModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return OllamaProfiles.fourDimensions("test-index-ollama", "ollama", "2s", Map.of());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OllamaWireMockStandIn.class,
                    Map.of("property", "rag.vector.embedding.ollama.base-url")));
        }
    }

    @OllamaStandIn
    WireMockServer ollama;

    private void stubEmbed(List<String> input, List<float[]> vectors) {
        ollama.stubFor(post("/api/embed").withRequestBody(equalToJson(body(input)))
                .willReturn(okJson(OllamaWireMockStandIn.embedReply("nomic-embed-text", vectors))));
    }

    private static String body(List<String> input) {
        StringBuilder json = new StringBuilder("{\"model\":\"nomic-embed-text\",\"input\":[");
        for (int i = 0; i < input.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(input.get(i)).append('"');
        }
        return json.append("]}").toString();
    }

    @Test
    void chunksAndQueriesAreEmbeddedByOllamaAndAnOllamaErrorIsA503() {
        String owner = "user-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString();
        String first = "Alternating current " + run;
        String second = "The Amazon basin " + run;
        String query = "Where is the rainforest? " + run;
        stubEmbed(List.of(first, second), List.of(new float[] {2, 0, 0, 0}, new float[] {0, 0, 5, 0}));
        stubEmbed(List.of(query), List.of(new float[] {0, 0, 1, 0.1f}));

        internal().body(Map.of("ownerId", owner, "documentId", UUID.randomUUID(), "documentName", "o.txt", "chunks", List.of(
                        Map.of("chunkId", "a", "position", 0, "text", first),
                        Map.of("chunkId", "b", "position", 1, "text", second))))
                .when().post("/internal/v1/chunks")
                .then().statusCode(200).body("upserted", equalTo(2));

        internal().when().get("/internal/v1/manifest")
                .then().statusCode(200)
                .body("model", equalTo("ollama:nomic-embed-text"))
                .body("dimensions", equalTo(4))
                .body("index", equalTo("ollama_nomic-embed-text-4"));

        for (int i = 0; i < 2; i++) {
            asUser(owner).body(Map.of("query", query, "topK", 1, "mode", "dense"))
                    .when().post("/internal/v1/search")
                    .then().statusCode(200)
                    .body("hits.size()", equalTo(1))
                    .body("hits[0].chunkId", equalTo("b"));
        }
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/embed")).withRequestBody(equalToJson(body(List.of(first, second)))));
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/embed")).withRequestBody(equalToJson(body(List.of(query)))));

        String failing = "Ollama is having a bad day " + run;
        ollama.stubFor(post("/api/embed").withRequestBody(equalToJson(body(List.of(failing))))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"llama runner process has terminated\"}")));
        asUser(owner).body(Map.of("query", failing, "topK", 3))
                .when().post("/internal/v1/search")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Embedding model unavailable"));
    }

    @Test
    void readyWhileOllamaAnswersAndNotAfter() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ollama-embeddings' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'ollama-embeddings' }.data.model", equalTo("ollama:nomic-embed-text"));

        ollama.resetAll(); // /api/tags now answers 404
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'ollama-embeddings' }.status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200); // liveness never asks Ollama
        } finally {
            OllamaWireMockStandIn.stubTags(ollama);
        }
    }
}
