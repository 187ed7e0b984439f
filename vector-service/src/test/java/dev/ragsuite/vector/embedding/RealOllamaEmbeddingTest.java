package dev.ragsuite.vector.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RequiresEnv;
import dev.ragsuite.vector.embedding.provider.OllamaEmbedder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The Ollama embedder against a real Ollama server: runs when {@code OLLAMA_BASE_URL} is set (model
 * {@code OLLAMA_EMBEDDING_MODEL}, default {@code nomic-embed-text}, pulled beforehand), skipped otherwise.
 */
@RequiresEnv(value = "OLLAMA_BASE_URL", needs = "Ollama server with the embedding model pulled (e.g. http://127.0.0.1:11434)")
class RealOllamaEmbeddingTest {

    private static final String BASE_URL = System.getenv("OLLAMA_BASE_URL");

    @Test
    void embedsUnitVectorsThatPlaceRelatedTextsCloser() {
        String model = System.getenv().getOrDefault("OLLAMA_EMBEDDING_MODEL", "nomic-embed-text");
        OllamaEmbedder embedder = new OllamaEmbedder(new OllamaEmbedder.Settings(BASE_URL, model, Duration.ofSeconds(120), 1,
                2, OptionalInt.empty()), new SimpleMeterRegistry());

        List<float[]> vectors = embedder.embedAll(List.of(
                "Nikola Tesla died in New York in January 1943.",
                "When did Tesla die?",
                "Photosynthesis turns light into chemical energy."));

        assertEquals(3, vectors.size());
        for (float[] vector : vectors) {
            assertEquals(embedder.dimensions(), vector.length);
            assertEquals(1.0, norm(vector), 1e-4);
        }
        assertTrue(dot(vectors.get(0), vectors.get(1)) > dot(vectors.get(2), vectors.get(1)),
                "the answer is closer to its question than an unrelated text");
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
