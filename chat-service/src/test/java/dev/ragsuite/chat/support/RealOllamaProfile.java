package dev.ragsuite.chat.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Model answers on, against the Ollama named by OLLAMA_BASE_URL, with a timeout that suits a CPU-bound model. */
public class RealOllamaProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String url = System.getenv("OLLAMA_BASE_URL");
        return Map.of(
                "rag.chat.llm.enabled", "true",
                "rag.chat.llm.timeout-millis", "120000",
                "quarkus.langchain4j.ollama.base-url", url == null || url.isBlank() ? "http://127.0.0.1:11434" : url);
    }
}
