package dev.ragsuite.vector.store.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridFusionTest {

    private final HybridFusion<Integer> fusion = new HybridFusion<>(0.7);

    @Test
    void weightsMinMaxNormalisedScores() {
        // dense: 1 best, 3 worst; keyword: 3 best, 2 worst; 4 only in keyword
        List<HybridFusion.Fused<Integer>> fused = fusion.fuse(
                Map.of(1, 0.9, 2, 0.8, 3, 0.7),
                Map.of(3, 12.0, 2, 2.0, 4, 7.0),
                10);
        assertEquals(List.of(1, 2, 3, 4), fused.stream().map(HybridFusion.Fused::key).toList());
        assertEquals(0.7, fused.get(0).score(), 1e-9);       // dense 1.0, keyword absent
        assertEquals(0.35, fused.get(1).score(), 1e-9);      // dense 0.5, keyword 0.0
        assertEquals(0.3, fused.get(2).score(), 1e-9);       // dense 0.0, keyword 1.0
        assertEquals(0.15, fused.get(3).score(), 1e-9);      // keyword 0.5
    }

    @Test
    void singleOrEqualCandidatesCountAsBestAndLimitApplies() {
        List<HybridFusion.Fused<Integer>> fused = fusion.fuse(Map.of(5, 0.4, 6, 0.4), Map.of(), 1);
        assertEquals(1, fused.size());
        assertEquals(5, fused.get(0).key()); // ties broken by key
        assertEquals(0.7, fused.get(0).score(), 1e-9);
        assertEquals(List.of(), fusion.fuse(Map.of(), Map.of(), 5));
    }

    @Test
    void candidateCountIsFactorTimesTopKButAtLeastTheMinimum() {
        assertEquals(20, FusionSettings.DEFAULTS.candidates(1));
        assertEquals(20, FusionSettings.DEFAULTS.candidates(5));
        assertEquals(200, FusionSettings.DEFAULTS.candidates(50));
    }
}
