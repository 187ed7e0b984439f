package dev.ragsuite.vector.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A search over the calling user's chunks. The query must have a letter or digit ({@link Searchable}).
 *
 * @param mode hybrid (default when null), bm25 or dense
 */
public record SearchRequest(
        @NotBlank @Searchable @Size(max = VectorLimits.MAX_QUERY_CHARS) String query,
        @Min(1) @Max(VectorLimits.MAX_TOP_K) int topK,
        RetrievalMode mode) {

    /** A hybrid search. */
    public SearchRequest(String query, int topK) {
        this(query, topK, null);
    }

    /** The mode to run: {@link RetrievalMode#HYBRID} unless another was asked for. */
    public RetrievalMode effectiveMode() {
        return mode == null ? RetrievalMode.HYBRID : mode;
    }
}
