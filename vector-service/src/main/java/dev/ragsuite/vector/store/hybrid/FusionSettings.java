package dev.ragsuite.vector.store.hybrid;

/**
 * How hybrid search fuses its two retrievers.
 *
 * @param denseWeight weight of the normalised dense score, in [0, 1]; the keyword score gets the rest
 * @param candidateFactor each retriever fetches {@code candidateFactor * topK} candidates ...
 * @param minCandidates ... but never fewer than this
 */
public record FusionSettings(double denseWeight, int candidateFactor, int minCandidates) {

    /**
     * The defaults measured by {@code ./rag eval} on the SQuAD-wiki corpus with the default embedder
     * (docs/evaluation.md): dense 0.5 / keyword 0.5, max(4 * topK, 20) candidates.
     */
    public static final FusionSettings DEFAULTS = new FusionSettings(0.5, 4, 20);

    public FusionSettings {
        if (!(denseWeight >= 0.0 && denseWeight <= 1.0)) {
            throw new IllegalArgumentException("denseWeight must be within [0, 1]: " + denseWeight);
        }
        if (candidateFactor < 1 || minCandidates < 1) {
            throw new IllegalArgumentException("candidateFactor and minCandidates must be positive");
        }
    }

    public int candidates(int topK) {
        return Math.max(Math.multiplyExact(candidateFactor, topK), minCandidates);
    }

    public double keywordWeight() {
        return 1.0 - denseWeight;
    }
}
