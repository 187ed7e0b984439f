package dev.ragsuite.vector.embedding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.ragsuite.testing.TestSecurityEnvironment;
import dev.ragsuite.vector.support.OllamaProfiles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An Ollama embedding model whose Ollama is not there (a closed port): not ready, but alive. */
@QuarkusTest
@TestProfile(OllamaUnreachableReadinessTest.UnreachableOllama.class)
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
class OllamaUnreachableReadinessTest {

    /** Dimensions configured, so the service starts without asking Ollama. */
    public static class UnreachableOllama implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return OllamaProfiles.fourDimensions("test-index-ollama-down", "ollama:nomic-embed-text", "1s",
                    Map.of("rag.vector.embedding.ollama.base-url", "http://127.0.0.1:1"));
        }
    }

    @Test
    void notReadyButLive() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'ollama-embeddings' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'ollama-embeddings' }.data.url", equalTo("http://127.0.0.1:1"))
                .body("checks.find { it.name == 'vector-index' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
