package dev.ragsuite.common.vector;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SearchRequest(
        @NotBlank @Size(max = VectorLimits.MAX_QUERY_CHARS) String query,
        @Min(1) @Max(VectorLimits.MAX_TOP_K) int topK) {
}
