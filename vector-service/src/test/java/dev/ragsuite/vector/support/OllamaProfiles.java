package dev.ragsuite.vector.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What the test profiles with an Ollama embedding model share. */
public final class OllamaProfiles {

    private OllamaProfiles() {
    }

    /**
     * An Ollama model of 4 dimensions (configured, so start-up asks Ollama nothing) without retries, in
     * a fresh index folder {@code target/<folder>-<random>}, plus {@code more}.
     */
    public static Map<String, String> fourDimensions(String folder, String model, String timeout, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("rag.vector.index-dir", "target/" + folder + "-" + UUID.randomUUID());
        overrides.put("rag.vector.embedding.model", model);
        overrides.put("rag.vector.embedding.ollama.dimensions", "4");
        overrides.put("rag.vector.embedding.ollama.timeout", timeout);
        overrides.put("rag.vector.embedding.ollama.max-retries", "0");
        return overrides;
    }
}
