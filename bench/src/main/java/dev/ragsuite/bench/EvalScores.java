package dev.ragsuite.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one retrieval mode over a question set: recall@1/3/5/10 and MRR@10 from the rank of
 * the first gold chunk of each question (0 = not retrieved), the share of answers that hit a gold answer
 * ({@code answerHit}) and the share whose first sentence does ({@code answerHit@1}). Not thread-safe:
 * add from one thread.
 */
final class EvalScores {

    static final int[] RECALL_AT = {1, 3, 5, 10};
    static final int MRR_AT = 10;

    private final int[] recalled = new int[RECALL_AT.length];
    private double reciprocalRanks;
    private int answerHits;
    private int firstSentenceHits;
    private int answered;
    private int questions;

    /**
     * Records one question: the rank of its first gold chunk (0 when none), whether its answer hit, and
     * whether the answer's first sentence hit (both null when no answer was asked for).
     */
    void add(int firstGoldRank, Boolean answerHit, Boolean firstSentenceHit) {
        if ((answerHit == null) != (firstSentenceHit == null)) {
            throw new IllegalArgumentException("answerHit and answerHit@1 are both given or both null");
        }

        if (firstGoldRank < 0) {
            throw new IllegalArgumentException("rank must be 0 (missed) or positive: " + firstGoldRank);
        }
        questions++;
        for (int i = 0; i < RECALL_AT.length; i++) {
            if (firstGoldRank >= 1 && firstGoldRank <= RECALL_AT[i]) {
                recalled[i]++;
            }
        }
        if (firstGoldRank >= 1 && firstGoldRank <= MRR_AT) {
            reciprocalRanks += 1.0 / firstGoldRank;
        }
        if (answerHit != null) {
            answered++;
            if (answerHit) {
                answerHits++;
            }
            if (firstSentenceHit) {
                firstSentenceHits++;
            }
        }
    }

    int questions() {
        return questions;
    }

    double recallAt(int k) {
        for (int i = 0; i < RECALL_AT.length; i++) {
            if (RECALL_AT[i] == k) {
                return share(recalled[i], questions);
            }
        }
        throw new IllegalArgumentException("recall is kept at 1, 3, 5 and 10, not " + k);
    }

    double mrr() {
        return questions == 0 ? 0.0 : reciprocalRanks / questions;
    }

    /** The share of answered questions whose answer hit; NaN when no answer was asked for. */
    double answerHit() {
        return answered == 0 ? Double.NaN : (double) answerHits / answered;
    }

    /** The share of answered questions whose answer's first sentence hit; NaN when no answer was asked for. */
    double answerHitAt1() {
        return answered == 0 ? Double.NaN : (double) firstSentenceHits / answered;
    }

    /** The metrics by their JSON names, in the report's order (answerHit null when no answer was asked). */
    Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int k : RECALL_AT) {
            map.put("recall@" + k, round(recallAt(k)));
        }
        map.put("mrr@" + MRR_AT, round(mrr()));
        map.put("answerHit", Double.isNaN(answerHit()) ? null : round(answerHit()));
        map.put("answerHit@1", Double.isNaN(answerHitAt1()) ? null : round(answerHitAt1()));
        return map;
    }

    private static double share(int count, int total) {
        return total == 0 ? 0.0 : (double) count / total;
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
