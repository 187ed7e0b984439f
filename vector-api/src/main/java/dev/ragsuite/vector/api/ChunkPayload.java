package dev.ragsuite.vector.api;

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
 * @param vector an embedding the caller computed itself, or null (the usual case) to let vector-service embed
 *        the text. It must come from the active index's model ({@code GET /internal/v1/manifest}) and have
 *        exactly its dimensions: any other length is refused with 422, nothing of the batch is stored.
 */
public record ChunkPayload(
        @NotBlank @Size(max = 128) String chunkId,
        @Min(0) int position,
        @NotBlank @Size(max = VectorLimits.MAX_CHUNK_CHARS) String text,
        @Min(1) Integer page,
        @Size(max = VectorLimits.MAX_HEADING_PATH_CHARS) String headingPath,
        @Min(0) Integer startChar,
        @Size(max = 64) String chunkerVersion,
        @Size(min = 1, max = VectorLimits.MAX_DIMENSIONS) float[] vector) {

    /** A chunk without provenance (the contract before pages and headings existed). */
    public ChunkPayload(String chunkId, int position, String text) {
        this(chunkId, position, text, null, null, null, null, null);
    }

    /** A chunk vector-service embeds itself (the contract before caller-supplied vectors existed). */
    public ChunkPayload(String chunkId, int position, String text, Integer page, String headingPath, Integer startChar,
            String chunkerVersion) {
        this(chunkId, position, text, page, headingPath, startChar, chunkerVersion, null);
    }
}
