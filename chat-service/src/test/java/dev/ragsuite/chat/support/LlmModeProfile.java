package dev.ragsuite.chat.support;

import dev.ragsuite.testing.OllamaWireMockStandIn;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Model answers on, against the Ollama stand-in; the real vector client against its stand-in; and
 * shortened fault-tolerance timeouts for both.
 */
public class LlmModeProfile implements QuarkusTestProfile {

    /** Short enough for a quick test, long enough for a loaded CI machine to answer a stubbed reply. */
    public static final int TIMEOUT_MILLIS = 2_500;
    public static final int RETRIEVAL_TIMEOUT_MILLIS = 1_500;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rag.chat.llm.enabled", "true",
                "rag.chat.llm.timeout-millis", String.valueOf(TIMEOUT_MILLIS),
                "rag.chat.retrieval.timeout-millis", String.valueOf(RETRIEVAL_TIMEOUT_MILLIS));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(OllamaWireMockStandIn.class),
                new TestResourceEntry(VectorServiceWireMockStandIn.class));
    }
}
