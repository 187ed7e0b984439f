package dev.ragsuite.chat.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.testing.OllamaStandIn;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import dev.ragsuite.testing.TestJwt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the model-mode tests share: the WireMock stand-ins of Ollama and vector-service (injected by the
 * test resources), reset to their defaults before each test, and a fresh user's token.
 */
public abstract class LlmStandInTestBase {

    protected static final String QUESTION = "In what year did Tesla die?";

    @OllamaStandIn
    protected WireMockServer ollama;

    @VectorServiceStandIn
    protected WireMockServer vector;

    protected String token;

    private final String userPrefix;

    protected LlmStandInTestBase(String userPrefix) {
        this.userPrefix = userPrefix;
    }

    @BeforeEach
    void resetStandIns() {
        ollama.resetAll();
        OllamaWireMockStandIn.stubTags(ollama);
        vector.resetAll();
        VectorServiceWireMockStandIn.stubDefaults(vector);
        token = TestJwt.user(userPrefix + UUID.randomUUID());
    }
}
