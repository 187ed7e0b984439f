package dev.ragsuite.vector.embedding;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import dev.ragsuite.vector.embedding.provider.OllamaEmbedder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Ollama embedder against a WireMock stand-in speaking Ollama's {@code /api/embed} protocol. */
class OllamaEmbedderTest {

    private WireMockServer ollama;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void start() {
        ollama = OllamaWireMockStandIn.startServer();
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        ollama.stop();
    }

    private OllamaEmbedder embedder(int batchSize, OptionalInt dimensions, Duration timeout) {
        return new OllamaEmbedder(new OllamaEmbedder.Settings(ollama.baseUrl(), "nomic-embed-text", timeout, 0, batchSize,
                dimensions), meters);
    }

    private void stubEmbed(String inputJson, List<float[]> vectors) {
        ollama.stubFor(post("/api/embed")
                .withRequestBody(equalToJson("{\"model\":\"nomic-embed-text\",\"input\":" + inputJson + "}", false, true))
                .willReturn(okJson(OllamaWireMockStandIn.embedReply("nomic-embed-text", vectors))));
    }

    @Test
    void batchesTheInputAndNormalisesEveryVector() {
        stubEmbed("[\"first\",\"second\"]", List.of(new float[] {3, 4, 0}, new float[] {0, 0, 2}));
        stubEmbed("[\"third\"]", List.of(new float[] {1, 1, 1}));
        OllamaEmbedder embedder = embedder(2, OptionalInt.of(3), Duration.ofSeconds(5));

        List<float[]> vectors = embedder.embedAll(List.of("first", "second", "third"));

        assertEquals(3, vectors.size());
        assertArrayEquals(new float[] {0.6f, 0.8f, 0f}, vectors.get(0), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 1f}, vectors.get(1), 1e-6f);
        float third = (float) (1 / Math.sqrt(3));
        assertArrayEquals(new float[] {third, third, third}, vectors.get(2), 1e-6f);
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/embed"))
                .withRequestBody(equalToJson("{\"model\":\"nomic-embed-text\",\"input\":[\"first\",\"second\"]}")));
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/embed"))
                .withRequestBody(equalToJson("{\"model\":\"nomic-embed-text\",\"input\":[\"third\"]}")));
        ollama.verify(2, postRequestedFor(urlEqualTo("/api/embed")));
        assertEquals("ollama:nomic-embed-text", embedder.modelName());
        assertEquals(1, meters.get("rag.vector.embedding").tag("model", "ollama:nomic-embed-text").tag("kind", "batch")
                .timer().count());
    }

    @Test
    void learnsTheDimensionsOnceFromAProbe() {
        stubEmbed("[\"dimension probe\"]", List.of(new float[] {1, 2, 3, 4, 5}));
        stubEmbed("[\"query\"]", List.of(new float[] {0, 0, 0, 0, 7}));

        OllamaEmbedder embedder = embedder(8, OptionalInt.empty(), Duration.ofSeconds(5));

        assertEquals(5, embedder.dimensions());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1}, embedder.embed("query"), 1e-6f);
        assertEquals(5, embedder.dimensions());
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/embed"))
                .withRequestBody(equalToJson("{\"model\":\"nomic-embed-text\",\"input\":[\"dimension probe\"]}")));
        ollama.verify(2, postRequestedFor(urlEqualTo("/api/embed")));
    }

    @Test
    void aSlowOllamaTimesOut() {
        ollama.stubFor(post("/api/embed").willReturn(okJson(OllamaWireMockStandIn.embedReply("nomic-embed-text",
                List.of(new float[] {1, 0, 0}))).withFixedDelay(3_000)));
        OllamaEmbedder embedder = embedder(8, OptionalInt.of(3), Duration.ofMillis(300));

        EmbeddingException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(EmbeddingException.class, () -> embedder.embed("slow")));

        assertEquals("ollama:nomic-embed-text", e.model());
        assertTrue(e.getMessage().contains("ollama:nomic-embed-text"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("timeout") || e.getMessage().toLowerCase().contains("timed out"),
                e.getMessage());
    }

    @Test
    void anErrorStatusIsAnEmbeddingError() {
        ollama.stubFor(post("/api/embed").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model runner crashed\"}")));
        OllamaEmbedder embedder = embedder(8, OptionalInt.of(3), Duration.ofSeconds(5));

        EmbeddingException e = assertThrows(EmbeddingException.class, () -> embedder.embedAll(List.of("a", "b")));

        assertTrue(e.getMessage().contains("2 text(s)"), e.getMessage());
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/embed")));
    }

    @Test
    void anUnknownModelFailsAtCreationWhenProbing() {
        ollama.stubFor(post("/api/embed").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"}")));

        EmbeddingException e = assertThrows(EmbeddingException.class,
                () -> embedder(8, OptionalInt.empty(), Duration.ofSeconds(5)));

        assertTrue(e.getMessage().contains("ollama:nomic-embed-text"), e.getMessage());
    }

    @Test
    void aReplyOfTheWrongShapeIsRejected() {
        stubEmbed("[\"a\",\"b\"]", List.of(new float[] {1, 0, 0}));
        stubEmbed("[\"c\"]", List.of(new float[] {1, 0}));
        OllamaEmbedder embedder = embedder(8, OptionalInt.of(3), Duration.ofSeconds(5));

        EmbeddingException count = assertThrows(EmbeddingException.class, () -> embedder.embedAll(List.of("a", "b")));
        assertTrue(count.getMessage().contains("1 embeddings for 2 texts"), count.getMessage());
        EmbeddingException length = assertThrows(EmbeddingException.class, () -> embedder.embed("c"));
        assertTrue(length.getMessage().contains("2-dimensional"), length.getMessage());
    }

    @Test
    void anEmptyBatchCallsNothing() {
        OllamaEmbedder embedder = embedder(8, OptionalInt.of(3), Duration.ofSeconds(5));
        assertEquals(List.of(), embedder.embedAll(List.of()));
        ollama.verify(0, postRequestedFor(urlEqualTo("/api/embed")));
    }
}
