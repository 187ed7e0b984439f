package dev.ragsuite.chat.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** Model answers from a real hosted or OpenAI-compatible provider named by the environment, with a timeout that suits one. */
public final class RealProviderProfiles {

    private RealProviderProfiles() {
    }

    /** Google's Gemini API: GOOGLE_API_KEY, and RAG_GEMINI_MODEL when not gemini-2.0-flash. */
    public static class Gemini implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = common("gemini");
            overrides.put("rag.chat.llm.gemini.api-key", env("GOOGLE_API_KEY", ""));
            overrides.put("rag.chat.llm.gemini.model", env("RAG_GEMINI_MODEL", "gemini-2.0-flash"));
            return overrides;
        }
    }

    /** An OpenAI-compatible server: OPENAI_BASE_URL, OPENAI_MODEL (default gpt-4o-mini), OPENAI_API_KEY if it wants one. */
    public static class OpenAi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = common("openai");
            overrides.put("rag.chat.llm.openai.base-url", env("OPENAI_BASE_URL", ""));
            overrides.put("rag.chat.llm.openai.model", env("OPENAI_MODEL", "gpt-4o-mini"));
            overrides.put("rag.chat.llm.openai.api-key", env("OPENAI_API_KEY", ""));
            return overrides;
        }
    }

    private static Map<String, String> common(String provider) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("rag.chat.llm.enabled", "true");
        overrides.put("rag.chat.llm.provider", provider);
        overrides.put("rag.chat.llm.timeout-millis", "60000");
        return overrides;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
