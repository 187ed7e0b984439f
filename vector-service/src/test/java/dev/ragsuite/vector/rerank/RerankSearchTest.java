package dev.ragsuite.vector.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import dev.ragsuite.vector.api.SearchRequest;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.index.IndexManager;
import dev.ragsuite.vector.service.VectorService;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.support.HashingEmbedder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search with reranking on, through {@link VectorService} and a real index: the index is asked for
 * the configured number of candidates, the reranker's order and scores are answered, cut to topK.
 * (Not a @QuarkusTest: a second application would load the ONNX tokenizer's native library in a
 * second class loader, which the JVM refuses.)
 */
class RerankSearchTest {

    private static final List<String> TEXTS = List.of(
            "Tesla Tesla Tesla: the inventor Nikola Tesla built motors, coils and many other electrical machines in a long career.",
            "Tesla.",
            "Tesla moved to New York in 1884.",
            "The Amazon rainforest covers much of the Amazon basin of South America.",
            "Tesla worked for Edison before founding his own laboratory on Houston Street in Manhattan.",
            "Photosynthesis converts light energy into chemical energy stored in glucose.",
            "Tesla coil",
            "The Treaty of Westphalia ended the Thirty Years' War in 1648.");

    /** Bag of hashed words, unit length: texts sharing words are close. */
    private static final Embedder WORDS = HashingEmbedder.unseeded("test-words", 64);

    @TempDir
    Path root;

    @Test
    void theRerankerReordersTheCandidatesAndTopKIsKept() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WordOverlapTestReranker reranker = new WordOverlapTestReranker();
        try (IndexManager indexes = IndexManager.open(root, "test-words", model -> WORDS, FusionSettings.DEFAULTS, 64, false)) {
            VectorService service = new VectorService(indexes, new RerankStage(reranker, 6, meters), meters);
            String owner = "user-" + UUID.randomUUID();
            List<ChunkPayload> chunks = new ArrayList<>();
            for (int i = 0; i < TEXTS.size(); i++) {
                chunks.add(new ChunkPayload("c" + i, i, TEXTS.get(i)));
            }
            service.upsert(new UpsertRequest(owner, UUID.randomUUID(), "tesla.txt", chunks)).await().atMost(Duration.ofSeconds(30));

            List<ScoredChunk> candidates = indexes.search(owner, "Tesla", 6, RetrievalMode.HYBRID);
            List<String> expected = reranker.rerank("Tesla", candidates, 3).stream().map(ScoredChunk::chunkId).toList();
            List<String> indexOrder = candidates.stream().limit(3).map(ScoredChunk::chunkId).toList();
            reranker.forget();

            List<SearchHit> hits = service.search(owner, new SearchRequest("Tesla", 3)).await().atMost(Duration.ofSeconds(30))
                    .hits();

            assertEquals(6, reranker.lastCandidates(), "the index was asked for rag.vector.rerank.candidates hits");
            List<String> returned = hits.stream().map(SearchHit::chunkId).toList();
            assertEquals(3, returned.size(), "topK is respected");
            assertEquals(expected, returned, "the reranker's order is the answer's order");
            assertEquals("c1", returned.get(0), "'Tesla.' is all query words");
            assertEquals(1.0, hits.get(0).score(), 1e-9, "the reranker's score is reported");
            assertNotEquals(indexOrder, returned, "reranking changed the order the index alone gives");
            assertEquals(1, meters.get("rag.vector.rerank").timer().count());

            reranker.forget();
            List<SearchHit> many = service.search(owner, new SearchRequest("Tesla", 8)).await().atMost(Duration.ofSeconds(30))
                    .hits();
            assertEquals(8, reranker.lastCandidates(), "never fewer candidates than topK");
            assertEquals(8, many.size());
        }
    }
}
