package dev.ragsuite.common.vector;

import java.util.UUID;

/** One retrieved chunk with its fused relevance score (higher is better). */
public record SearchHit(String chunkId, UUID documentId, String documentName, int position, String text, double score) {
}
