package dev.ragsuite.common.vector;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * One chunk to index: a stable id (so retries replace rather than duplicate), its place and text,
 * and where it came from so citations can point at it.
 *
 * @param page the 1-based PDF page the chunk starts on; null for formats without pages
 * @param headingPath the headings above the chunk, outermost first, joined with " > "; null when none
 * @param startChar offset of the chunk's first character in the extracted text; null when unknown
 * @param chunkerVersion the version of the chunker that cut this chunk; null when unknown
 */
public record ChunkPayload(
        @NotBlank @Size(max = 128) String chunkId,
        @Min(0) int position,
        @NotBlank @Size(max = VectorLimits.MAX_CHUNK_CHARS) String text,
        @Min(1) Integer page,
        @Size(max = VectorLimits.MAX_HEADING_PATH_CHARS) String headingPath,
        @Min(0) Integer startChar,
        @Size(max = 64) String chunkerVersion) {

    /** A chunk without provenance (the contract before pages and headings existed). */
    public ChunkPayload(String chunkId, int position, String text) {
        this(chunkId, position, text, null, null, null, null);
    }
}
