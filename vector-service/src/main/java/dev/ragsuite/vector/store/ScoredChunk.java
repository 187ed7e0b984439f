package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.DocumentSource;
import java.util.UUID;

/** A search result: the chunk with its fused relevance score in [0, 1] (higher is better) and its provenance. */
public record ScoredChunk(String chunkId, UUID documentId, String documentName, int position, String text, double score,
        Integer page, String headingPath, DocumentSource source) {

    public ScoredChunk {
        source = DocumentSource.orUpload(source);
    }

    /** A hit of an uploaded document. */
    public ScoredChunk(String chunkId, UUID documentId, String documentName, int position, String text, double score,
            Integer page, String headingPath) {
        this(chunkId, documentId, documentName, position, text, score, page, headingPath, null);
    }
}
