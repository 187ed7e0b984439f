package dev.ragsuite.vector.api;

import java.util.UUID;

/**
 * One retrieved chunk with its fused relevance score (higher is better).
 *
 * @param page the 1-based PDF page of the chunk, null when the document has no pages
 * @param headingPath the headings above the chunk ("Intro > Scope"), null when none
 * @param source where the chunk's document came from (never null; chunks indexed before sources existed are uploads)
 */
public record SearchHit(String chunkId, UUID documentId, String documentName, int position, String text, double score,
        Integer page, String headingPath, DocumentSource source) {

    public SearchHit {
        source = DocumentSource.orUpload(source);
    }

    /** A hit without provenance. */
    public SearchHit(String chunkId, UUID documentId, String documentName, int position, String text, double score) {
        this(chunkId, documentId, documentName, position, text, score, null, null, null);
    }

    /** A hit of an uploaded document (the contract before sources existed). */
    public SearchHit(String chunkId, UUID documentId, String documentName, int position, String text, double score,
            Integer page, String headingPath) {
        this(chunkId, documentId, documentName, position, text, score, page, headingPath, null);
    }
}
