package dev.ragsuite.vector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Optional;
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

    /**
     * Where chunks live: {@code lucene} (embedded, under {@code index-dir}; the default) or {@code qdrant}
     * (a Qdrant server, see {@link #qdrant()}). Env {@code RAG_VECTOR_STORE}.
     */
    @WithDefault("lucene")
    Backend store();

    /** The Qdrant server, used when {@code rag.vector.store=qdrant}. */
    Qdrant qdrant();

    /** Several replicas sharing one Qdrant index (ignored with the embedded Lucene index). */
    Replicas replicas();

    /**
     * Replicas sharing one index in Qdrant: each re-reads the alias and the announced re-index target every
     * {@code follow-interval}; writes are refused (503) once its last good read is older than four intervals;
     * a re-index copier holds a Redis lease and waits five intervals after announcing its target.
     * docs/operations.md, "Scaling vector-service".
     */
    interface Replicas {

        /** How often each replica re-reads the shared index state. */
        @WithDefault("2s")
        Duration followInterval();

        /**
         * How long a write that began on a replica before it read a re-index announcement may still be in flight
         * (several Qdrant calls of {@code rag.vector.qdrant.timeout} each): the copier's final verification waits
         * for it.
         */
        @WithDefault("30s")
        Duration writeGrace();

        /** How long the re-index lease lasts without renewal (renewed every copy step). */
        @WithDefault("60s")
        Duration leaseTtl();

        /** The Redis key of the re-index lease; the collection prefix is appended. */
        @WithDefault("rag:vector:reindex-lease:")
        String leaseKeyPrefix();
    }

    /** The vector store backends. */
    enum Backend {
        LUCENE,
        QDRANT
    }

    /**
     * The Qdrant backend: one collection per embedding model and dimension count,
     * {@code <collection-prefix>_<model>_<dimensions>}. The alias {@code <collection-prefix>_active} names
     * the collection that serves (an {@code ACTIVE.qdrant} file in {@code index-dir} left by an older version
     * is adopted once).
     */
    interface Qdrant {

        /**
         * The gRPC endpoint, e.g. {@code http://localhost:6334}; {@code https://} turns TLS on. Port 6334
         * when none is given. Required when the backend is qdrant. Env {@code QDRANT_URL}.
         */
        Optional<String> url();

        /** Sent as the {@code api-key} header when set. Env {@code QDRANT_API_KEY}. */
        Optional<String> apiKey();

        /** Deadline of every call to Qdrant. */
        @WithDefault("10s")
        Duration timeout();

        /** Points per upsert request (each request waits until Qdrant has applied it). */
        @WithDefault("256")
        @Min(1)
        @Max(10000)
        int upsertBatchSize();

        /** The first part of every collection name, so several installations can share one server. */
        @WithDefault("rag")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}")
        String collectionPrefix();

        /**
         * The typical chunk length in terms, the {@code avgdl} of BM25's length normalisation for the
         * keyword (sparse) vectors; Qdrant computes the IDF part itself.
         */
        @WithDefault("60")
        @Min(1)
        int keywordAverageTerms();
    }

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

    /** When the embedded index is merged down while idle (ignored with Qdrant, which optimises its own segments). */
    Compaction compaction();

    /**
     * The embedded index's compaction ({@code LuceneCompaction}): after {@code idle-after} without a write, an
     * index of more segments than it needs is merged into as few as its size allows, each at most
     * {@code max-segment-mb}. docs/operations.md, "The embedded index at rest".
     */
    interface Compaction {

        /** How long without a write before the index is compacted; {@code 0s} turns compaction off. */
        @WithDefault("30s")
        Duration idleAfter();

        /** The largest segment a merge makes, in MB (also the merge policy's own limit while writing). */
        @WithDefault("5120")
        @Min(64)
        long maxSegmentMb();
    }

    /** Hybrid search: how many candidates each retriever fetches and how their scores are fused. */
    interface Search {

        /**
         * Weight of the dense (vector) score in the fused score; the keyword (BM25) score gets
         * {@code 1 - denseWeight}. Both scores are min-max normalised over their candidates first.
         * 0.5 measured best by {@code ./rag eval} on the SQuAD-wiki corpus with the default embedder e5-small-v2-q
         * (docs/evaluation.md: 0.5 and 0.6 on a plateau, 0.3 behind on recall@5 and answerHit@1); 0.3 was best with
         * all-MiniLM-L6-v2, the weaker dense retriever.
         */
        @WithDefault("0.5")
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
         * The model every chunk should be embedded with: an in-process one (see {@code InProcessModel}) or
         * {@code ollama:<name>} ({@code ollama} alone: {@link Ollama#model()}) or {@code openai:<name>} (an
         * OpenAI-compatible {@code /v1/embeddings}, {@link OpenAi}). When it differs
         * from the active index's model, the index is re-embedded in the background and switched over
         * when complete; until then the active index keeps serving with its own model.
         */
        @WithDefault("e5-small-v2-q")
        @NotBlank
        String model();

        /**
         * Threads that embed the texts of one batch in parallel; defaults to the number of CPUs.
         * Embedding is CPU-bound, so more threads than cores only adds contention.
         */
        OptionalInt threads();

        Ollama ollama();

        OpenAi openai();

        Cache cache();

        /**
         * Embeddings from an OpenAI-compatible {@code /v1/embeddings}, used when a model id is {@code openai:<name>}
         * (e.g. {@code openai:text-embedding-3-small}).
         */
        interface OpenAi extends Remote {

            /**
             * The API's base URL up to and including {@code /v1} ({@code RAG_OPENAI_EMBEDDING_BASE_URL}); required when
             * an {@code openai:} model is in use.
             */
            Optional<String> baseUrl();

            /** Sent as {@code Authorization: Bearer} ({@code RAG_OPENAI_EMBEDDING_API_KEY}, a secret); optional for local servers. */
            Optional<String> apiKey();
        }

        /**
         * What the embedding models behind an HTTP API share (Ollama's, an OpenAI-compatible server's): the
         * vector length, the per-call timeout, retries and batch size.
         */
        interface Remote {

            /** Vector length; when unset it is discovered once by embedding a probe text at first use. */
            OptionalInt dimensions();

            /** Per HTTP call. */
            @WithDefault("60s")
            Duration timeout();

            /** Retries of a failed call (LangChain4j's, with back-off). */
            @WithDefault("1")
            @Min(0)
            @Max(5)
            int maxRetries();

            /** Texts per call; larger inputs are split into batches of this size. */
            @WithDefault("32")
            @Min(1)
            @Max(2048)
            int batchSize();
        }

        /** Ollama embeddings ({@code POST /api/embed}), used when a model id is {@code ollama:<name>} (or just {@code ollama}). */
        interface Ollama extends Remote {

            /** Where Ollama listens ({@code OLLAMA_BASE_URL}); required when an Ollama model is in use. */
            Optional<String> baseUrl();

            /** The model {@code rag.vector.embedding.model=ollama} means. */
            @WithDefault("nomic-embed-text")
            @NotBlank
            String model();
        }

        /**
         * The embedding cache in Redis, in front of every model: key {@code <prefix><model>:<SHA-256 of
         * the owner>:<SHA-256 of the text>}, value the vector as little-endian float32 bytes. Redis
         * trouble never fails an embedding: the model is asked instead.
         */
        interface Cache {

            @WithDefault("true")
            boolean enabled();

            /** How long an entry lives after it was written. */
            @WithDefault("30d")
            Duration ttl();

            @WithDefault("rag:vector:emb:")
            @NotBlank
            String keyPrefix();

            /** How long one cache read or write may take before the model is asked instead. */
            @WithDefault("100ms")
            Duration timeout();

            /**
             * Key entries by owner as well as by text, so a cache hit never tells one user that another
             * embedded the same text (docs/security.md). {@code false} shares them: single-tenant only.
             */
            @WithDefault("true")
            boolean perOwner();
        }
    }

    Rerank rerank();

    /**
     * An optional second stage of search: the index returns {@code candidates} hits and a
     * {@code Reranker} bean (selected by its name) reorders them and keeps the top K.
     */
    interface Rerank {

        @WithDefault("false")
        boolean enabled();

        /** Hits fetched from the index for the reranker (at least the request's topK). */
        @WithDefault("20")
        @Min(1)
        @Max(500)
        int candidates();

        /** The {@code Reranker#name()} of the bean to use when enabled. */
        Optional<String> provider();
    }
}
