package dev.ragsuite.common.vector;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** One chunk to index: a stable id (so retries replace rather than duplicate), its place and text. */
public record ChunkPayload(
        @NotBlank @Size(max = 128) String chunkId,
        @Min(0) int position,
        @NotBlank @Size(max = VectorLimits.MAX_CHUNK_CHARS) String text) {
}
