package dev.ragsuite.vector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.OptionalInt;

/** Settings of vector-service ({@code rag.vector.*}). */
@ConfigMapping(prefix = "rag.vector")
public interface VectorConfig {

    /**
     * Root folder of the embedded Lucene indexes; created if missing. Only one process may open it at a
     * time. Each model gets its own sub-folder {@code <model>-<dimensions>}; the file {@code ACTIVE}
     * names the one that serves. An index of the former single-folder layout is moved into a
     * sub-folder on first start.
     */
    @NotBlank
    String indexDir();

    Search search();

    Embedding embedding();

    Reindex reindex();

    /** Re-embedding the whole index when {@code rag.vector.embedding.model} changes. */
    interface Reindex {

        /** Chunks read, embedded and written per step; writes wait at most one step's index write. */
        @WithDefault("64")
        @Min(1)
        @Max(1024)
        int batchSize();

        /**
         * Delete the folder of the index a re-index replaced (at the switch and at start-up). Off by
         * default: the old index stays on disk for a manual rollback until an operator removes it.
         */
        @WithDefault("false")
        boolean deleteRetired();
    }

    /** Hybrid search: how many candidates each retriever fetches and how their scores are fused. */
    interface Search {

        /**
         * Weight of the dense (vector) score in the fused score; the keyword (BM25) score gets
         * {@code 1 - denseWeight}. Both scores are min-max normalised over their candidates first.
         * 0.7 measured best on the SQuAD-wiki corpus (recall@5 0.953, better than RRF).
         */
        @WithDefault("0.7")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double denseWeight();

        /** Each retriever fetches {@code max(candidateFactor * topK, minCandidates)} candidates. */
        @WithDefault("4")
        @Min(1)
        @Max(20)
        int candidateFactor();

        @WithDefault("20")
        @Min(1)
        @Max(1000)
        int minCandidates();
    }

    interface Embedding {

        /**
         * The model every chunk should be embedded with (see {@code InProcessModel}). When it differs
         * from the active index's model, the index is re-embedded in the background and switched over
         * when complete; until then the active index keeps serving with its own model.
         */
        @WithDefault("all-minilm-l6-v2")
        @NotBlank
        String model();

        /**
         * Threads that embed the texts of one batch in parallel; defaults to the number of CPUs.
         * Embedding is CPU-bound, so more threads than cores only adds contention.
         */
        OptionalInt threads();
    }
}
