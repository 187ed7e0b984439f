package dev.ragsuite.vector.embedding;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.testing.HttpApiStandIn;
import dev.ragsuite.testing.OpenAiWireMockStandIn;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.provider.OpenAiEmbedder;
import dev.ragsuite.vector.index.IndexManager;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.support.HashingEmbedder;
import dev.ragsuite.vector.support.TestIndexes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible embedder against the WireMock stand-in of OpenAI's {@code POST /v1/embeddings}
 * ({@link OpenAiWireMockStandIn}; https://platform.openai.com/docs/api-reference/embeddings/create), and a change
 * of the configured model to an {@code openai:} one re-embedding the index in the background.
 */
class OpenAiEmbedderTest {

    private static final String MODEL = "text-embedding-3-small";
    private static final String EMBEDDINGS = "/v1/embeddings";

    private WireMockServer openai;
    private SimpleMeterRegistry meters;
    private IndexManager manager;

    @TempDir
    Path root;

    @BeforeEach
    void start() {
        openai = HttpApiStandIn.startServer();
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
        openai.stop();
    }

    private OpenAiEmbedder embedder(int batchSize, OptionalInt dimensions, Optional<String> key) {
        return new OpenAiEmbedder(new OpenAiEmbedder.Settings(openai.baseUrl() + "/v1", key, MODEL, Duration.ofSeconds(5), 0,
                batchSize, dimensions), meters);
    }

    private void stubEmbed(String inputJson, List<float[]> vectors) {
        openai.stubFor(post(EMBEDDINGS).withRequestBody(matchingJsonPath("$.input", equalToJson(inputJson)))
                .willReturn(okJson(OpenAiWireMockStandIn.embeddings(MODEL, vectors))));
    }

    @Test
    void batchesTheInputSendsTheKeyAndNormalisesEveryVector() {
        stubEmbed("[\"first\",\"second\"]", List.of(new float[] {3, 4, 0}, new float[] {0, 0, 2}));
        stubEmbed("[\"third\"]", List.of(new float[] {1, 1, 1}));
        OpenAiEmbedder embedder = embedder(2, OptionalInt.of(3), Optional.of(OpenAiWireMockStandIn.API_KEY));

        List<float[]> vectors = embedder.embedAll(List.of("first", "second", "third"));

        assertEquals(3, vectors.size());
        assertArrayEquals(new float[] {0.6f, 0.8f, 0f}, vectors.get(0), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 1f}, vectors.get(1), 1e-6f);
        float third = (float) (1 / Math.sqrt(3));
        assertArrayEquals(new float[] {third, third, third}, vectors.get(2), 1e-6f);
        openai.verify(2, postRequestedFor(urlEqualTo(EMBEDDINGS))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiWireMockStandIn.API_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo(MODEL))));
        assertEquals("openai:" + MODEL, embedder.modelName());
        assertEquals(1, meters.get("rag.vector.embedding").tag("model", "openai:" + MODEL).tag("kind", "batch").timer().count());
    }

    @Test
    void learnsTheDimensionsOnceFromAProbeAndSendsNoKeyWhenNoneIsSet() {
        stubEmbed("[\"dimension probe\"]", List.of(new float[] {1, 2, 3, 4, 5}));
        stubEmbed("[\"query\"]", List.of(new float[] {0, 0, 0, 0, 7}));

        OpenAiEmbedder embedder = embedder(8, OptionalInt.empty(), Optional.empty());

        assertEquals(5, embedder.dimensions());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1}, embedder.embed("query"), 1e-6f);
        openai.verify(2, postRequestedFor(urlEqualTo(EMBEDDINGS)));
        assertTrue(openai.findAll(postRequestedFor(urlEqualTo(EMBEDDINGS))).stream()
                .noneMatch(request -> request.containsHeader("Authorization")), "a local server asking for no key gets none");
    }

    @Test
    void aRefusedKeyIsAnEmbeddingErrorNamingTheModel() {
        openai.stubFor(post(EMBEDDINGS).willReturn(OpenAiWireMockStandIn.error(401,
                "Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key")));
        OpenAiEmbedder embedder = embedder(8, OptionalInt.of(3), Optional.of("sk-wrong"));

        EmbeddingException e = assertThrows(EmbeddingException.class, () -> embedder.embedAll(List.of("a", "b")));

        assertEquals("openai:" + MODEL, e.model());
        assertTrue(e.getMessage().contains("2 text(s)"), e.getMessage());
    }

    @Test
    void aChangeToAnOpenAiModelReembedsTheIndexInTheBackground() throws Exception {
        HashingEmbedder before = new HashingEmbedder("model-a", 64);
        manager = IndexManager.open(root, "model-a", TestIndexes.models(before), FusionSettings.DEFAULTS, 8, false);
        String owner = "alice";
        for (int d = 0; d < 2; d++) {
            UUID doc = UUID.randomUUID();
            List<ChunkInput> chunks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                chunks.add(new ChunkInput(doc + ":" + i, i, "chunk about word" + (d * 5 + i) + " and filler", null, null,
                        "chunker-1", null));
            }
            manager.write(owner, doc, "doc" + d + ".txt", null, chunks);
        }
        manager.close();
        // every text gets the same 4-dimensional vector: one text per call
        openai.stubFor(post(EMBEDDINGS).willReturn(okJson(OpenAiWireMockStandIn.embeddings(MODEL, List.of(new float[] {1, 2, 2, 4})))));
        OpenAiEmbedder after = embedder(1, OptionalInt.of(4), Optional.of(OpenAiWireMockStandIn.API_KEY));

        manager = IndexManager.open(root, "openai:" + MODEL, TestIndexes.models(before, after), FusionSettings.DEFAULTS, 8, false);
        TestIndexes.awaitReindex(manager, ReindexStatus.COMPLETED, Duration.ofSeconds(30), status -> { });

        assertEquals("openai:" + MODEL, manager.model());
        assertEquals(4, manager.dimensions());
        assertEquals("openai_" + MODEL + "-4", manager.index());
        assertEquals(10, manager.size());
        openai.verify(10, postRequestedFor(urlEqualTo(EMBEDDINGS)));
        assertTrue(manager.search(owner, "word7", 3, RetrievalMode.HYBRID).stream().anyMatch(hit -> hit.text().contains("word7 ")));
    }
}
