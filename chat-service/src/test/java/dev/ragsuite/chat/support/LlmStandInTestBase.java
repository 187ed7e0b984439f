package dev.ragsuite.chat.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.testing.OllamaStandIn;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the model-mode tests share: besides vector-service's stand-in and a fresh user
 * ({@link VectorStandInTestBase}), the WireMock stand-in of Ollama, reset to its defaults before each test.
 */
public abstract class LlmStandInTestBase extends VectorStandInTestBase {

    protected static final String QUESTION = "In what year did Tesla die?";

    @OllamaStandIn
    protected WireMockServer ollama;

    protected LlmStandInTestBase(String userPrefix) {
        super(userPrefix);
    }

    @BeforeEach
    void resetOllamaStandIn() {
        ollama.resetAll();
        OllamaWireMockStandIn.stubTags(ollama);
    }
}
