package dev.ragsuite.vector.api;

import java.util.UUID;

/**
 * One retrieved chunk with its fused relevance score (higher is better).
 *
 * @param page the 1-based PDF page of the chunk, null when the document has no pages
 * @param headingPath the headings above the chunk ("Intro > Scope"), null when none
 */
public record SearchHit(String chunkId, UUID documentId, String documentName, int position, String text, double score,
        Integer page, String headingPath) {

    /** A hit without provenance. */
    public SearchHit(String chunkId, UUID documentId, String documentName, int position, String text, double score) {
        this(chunkId, documentId, documentName, position, text, score, null, null);
    }
}
