package dev.ragsuite.vector.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.store.ScoredChunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Choosing the reranker and applying it: topK, fall-back on failure, no foreign chunks. */
class RerankStageTest {

    private static final UUID DOC = UUID.randomUUID();

    private static List<ScoredChunk> hits(int n) {
        List<ScoredChunk> hits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hits.add(new ScoredChunk("c" + i, DOC, "d.txt", i, "text " + i, 1.0 - i * 0.1, null, null));
        }
        return hits;
    }

    /** What a test reranker does. */
    private interface Ranking {
        List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int topK);
    }

    private static Reranker named(String name, Ranking behaviour) {
        return new Reranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int topK) {
                return behaviour.rerank(query, candidates, topK);
            }
        };
    }

    private static final Reranker REVERSE = named("reverse", (q, candidates, topK) -> {
        List<ScoredChunk> reversed = new ArrayList<>(candidates);
        Collections.reverse(reversed);
        return reversed;
    });

    @Test
    void offByDefaultKeepsTheIndexOrderAndAsksForTopKOnly() {
        RerankStage off = new RerankStage(null, 20, new SimpleMeterRegistry());
        assertFalse(off.enabled());
        assertEquals(5, off.fetchSize(5));
        assertEquals(hits(3), off.apply("q", hits(3), 5));
    }

    @Test
    void reordersAndCutsToTopK() {
        RerankStage stage = new RerankStage(REVERSE, 8, new SimpleMeterRegistry());
        assertEquals(8, stage.fetchSize(3));
        assertEquals(30, stage.fetchSize(30), "never fewer candidates than topK");

        List<ScoredChunk> out = stage.apply("q", hits(8), 3);

        assertEquals(List.of("c7", "c6", "c5"), out.stream().map(ScoredChunk::chunkId).toList());
    }

    @Test
    void aFailingRerankerKeepsTheIndexOrder() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RerankStage stage = new RerankStage(named("boom", (q, c, k) -> {
            throw new IllegalStateException("model file missing");
        }), 8, meters);

        assertEquals(List.of("c0", "c1"), stage.apply("q", hits(5), 2).stream().map(ScoredChunk::chunkId).toList());
        assertEquals(1.0, meters.get("rag.vector.rerank.failures").counter().count());
    }

    @Test
    void aRerankerCannotInventChunks() {
        RerankStage stage = new RerankStage(named("liar", (q, c, k) ->
                List.of(new ScoredChunk("elsewhere", UUID.randomUUID(), "x.txt", 0, "x", 1.0, null, null))), 8,
                new SimpleMeterRegistry());

        assertEquals(List.of("c0", "c1"), stage.apply("q", hits(4), 2).stream().map(ScoredChunk::chunkId).toList());
    }

    @Test
    void theProviderIsChosenByNameAndMisconfigurationIsAStartUpError() {
        Reranker other = named("other", REVERSE::rerank);
        assertSame(REVERSE, RerankStage.select(Optional.of("reverse"), List.of(other, REVERSE)));
        assertSame(REVERSE, RerankStage.select(Optional.empty(), List.of(REVERSE)));

        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> RerankStage.select(Optional.of("cross-encoder"), List.of(other, REVERSE)));
        assertTrue(unknown.getMessage().contains("other, reverse"), unknown.getMessage());
        IllegalStateException ambiguous = assertThrows(IllegalStateException.class,
                () -> RerankStage.select(Optional.empty(), List.of(other, REVERSE)));
        assertTrue(ambiguous.getMessage().contains("rag.vector.rerank.provider"), ambiguous.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> RerankStage.select(Optional.empty(), List.of()));
        assertTrue(none.getMessage().contains("no Reranker bean"), none.getMessage());
    }
}
