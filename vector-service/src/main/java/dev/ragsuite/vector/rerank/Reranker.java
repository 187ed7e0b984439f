package dev.ragsuite.vector.rerank;

import dev.ragsuite.vector.store.ScoredChunk;
import java.util.List;

/**
 * An optional second search stage: reorders the index's candidates for a query, e.g. with a
 * cross-encoder that reads query and passage together. Off by default
 * ({@code rag.vector.rerank.enabled}). To plug one in, add a CDI bean implementing this interface
 * and set {@code rag.vector.rerank.provider} to its {@link #name()}. Called on a worker thread; may block.
 */
public interface Reranker {

    /** What {@code rag.vector.rerank.provider} selects this reranker by. */
    String name();

    /**
     * The best {@code topK} of {@code candidates} for {@code query}, best first. Implementations return
     * chunks taken from {@code candidates} only; their score may be replaced by the reranker's own (in [0, 1]).
     */
    List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int topK);
}
