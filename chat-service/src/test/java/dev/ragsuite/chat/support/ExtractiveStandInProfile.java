package dev.ragsuite.chat.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Extractive answers (no model), the real vector client against its stand-in, the answer cache on. */
public class ExtractiveStandInProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rag.chat.llm.enabled", "false", "rag.chat.streaming.words-per-event", "3");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(VectorServiceWireMockStandIn.class));
    }
}
