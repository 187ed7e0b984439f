package dev.ragsuite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalScoresTest {

    @Test
    void recallAndMrrFromGoldRanks() {
        EvalScores scores = new EvalScores();
        int[] ranks = {1, 2, 4, 0, 7, 11};
        boolean[] hits = {true, true, false, false, true, false};
        boolean[] firstSentenceHits = {true, false, false, false, false, false};
        for (int i = 0; i < ranks.length; i++) {
            scores.add(ranks[i], hits[i], firstSentenceHits[i]);
        }
        assertEquals(6, scores.questions());
        assertEquals(1 / 6.0, scores.recallAt(1), 1e-12);
        assertEquals(2 / 6.0, scores.recallAt(3), 1e-12);
        assertEquals(3 / 6.0, scores.recallAt(5), 1e-12);
        assertEquals(4 / 6.0, scores.recallAt(10), 1e-12, "rank 11 is beyond @10");
        assertEquals((1 + 1 / 2.0 + 1 / 4.0 + 1 / 7.0) / 6, scores.mrr(), 1e-12);
        assertEquals(0.5, scores.answerHit(), 1e-12);
        assertEquals(1 / 6.0, scores.answerHitAt1(), 1e-12);
        assertEquals(0.1667, scores.asMap().get("answerHit@1"));
        assertThrows(IllegalArgumentException.class, () -> scores.recallAt(2));
        assertThrows(IllegalArgumentException.class, () -> scores.add(-1, null, null));
        assertThrows(IllegalArgumentException.class, () -> scores.add(1, true, null), "both or neither");
        assertEquals(6, scores.questions(), "refused additions count nothing");
    }

    @Test
    void withoutAnswersAnswerHitIsNullInTheJson() {
        EvalScores scores = new EvalScores();
        scores.add(3, null, null);
        assertTrue(Double.isNaN(scores.answerHit()));
        assertTrue(Double.isNaN(scores.answerHitAt1()));
        Map<String, Double> map = scores.asMap();
        assertEquals(List.of("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "answerHit", "answerHit@1"),
                List.copyOf(map.keySet()));
        assertEquals(0.0, map.get("recall@1"));
        assertEquals(1.0, map.get("recall@3"));
        assertEquals(0.3333, map.get("mrr@10"));
        assertNull(map.get("answerHit"));
        assertNull(map.get("answerHit@1"));
    }

    @Test
    void nearestRankPercentiles() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertEquals(50, Eval.percentile(sorted, 50));
        assertEquals(100, Eval.percentile(sorted, 95));
        assertEquals(10, Eval.percentile(sorted, 1));
        assertEquals(7, Eval.percentile(new long[] {7}, 95));
    }
}
