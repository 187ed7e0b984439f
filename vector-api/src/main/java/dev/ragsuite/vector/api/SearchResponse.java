package dev.ragsuite.vector.api;

import java.util.List;

/** @param backend which vector store answered (e.g. "lucene", "qdrant") */
public record SearchResponse(List<SearchHit> hits, String backend) {
}
