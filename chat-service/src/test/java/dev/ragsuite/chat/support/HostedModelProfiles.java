package dev.ragsuite.chat.support;

import dev.ragsuite.testing.GeminiWireMockStandIn;
import dev.ragsuite.testing.OpenAiWireMockStandIn;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Model answers from a hosted or OpenAI-compatible provider, selected by configuration as an operator would
 * ({@code rag.chat.llm.provider}), against that provider's WireMock stand-in; the real vector client against
 * its stand-in; short timeouts; and a circuit breaker that never opens, so the fallback cases of one class
 * cannot change how the next case answers.
 */
public final class HostedModelProfiles {

    /** As LlmModeProfile's: short enough for a quick test, long enough for a loaded machine's first call to a stand-in. */
    public static final int TIMEOUT_MILLIS = 2_500;

    private HostedModelProfiles() {
    }

    /** {@code rag.chat.llm.provider=openai}, model {@code gpt-4o-mini}, against {@link OpenAiWireMockStandIn}. */
    public static class OpenAi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("openai", Map.of(
                    "rag.chat.llm.openai.model", "gpt-4o-mini",
                    "rag.chat.llm.openai.api-key", OpenAiWireMockStandIn.API_KEY));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenAiWireMockStandIn.class),
                    new TestResourceEntry(VectorServiceWireMockStandIn.class));
        }
    }

    /** {@code rag.chat.llm.provider=gemini}, model {@code gemini-2.0-flash}, against {@link GeminiWireMockStandIn}. */
    public static class Gemini implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("gemini", Map.of(
                    "rag.chat.llm.gemini.model", GeminiWireMockStandIn.MODEL,
                    "rag.chat.llm.gemini.api-key", GeminiWireMockStandIn.API_KEY));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GeminiWireMockStandIn.class),
                    new TestResourceEntry(VectorServiceWireMockStandIn.class));
        }
    }

    private static Map<String, String> common(String provider, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("rag.chat.llm.enabled", "true");
        overrides.put("rag.chat.llm.provider", provider);
        overrides.put("rag.chat.llm.timeout-millis", String.valueOf(TIMEOUT_MILLIS));
        overrides.put("rag.chat.llm.circuit-breaker.request-volume-threshold", "1000");
        overrides.put("rag.chat.retrieval.timeout-millis", "1500");
        return overrides;
    }
}
