package dev.ragsuite.vector.service;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.vector.api.ActivateResult;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.DocumentIndexStats;
import dev.ragsuite.vector.api.IndexManifest;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import dev.ragsuite.vector.api.SearchRequest;
import dev.ragsuite.vector.api.SearchResponse;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.vector.api.VisibilityResult;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.EmbeddingException;
import dev.ragsuite.vector.index.IndexManager;
import dev.ragsuite.vector.rerank.RerankStage;
import dev.ragsuite.vector.store.DimensionMismatchException;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Embeds and indexes chunks, and answers searches, through the {@link IndexManager} (the active
 * index, plus the one being re-embedded when the model changed). Embedding and index I/O are
 * blocking and CPU-heavy, so every operation runs on a worker thread, never on the event loop.
 * When reranking is on ({@link RerankStage}), a search fetches more candidates from the index and
 * the reranker picks the top K. A remote embedding provider that fails is a 503.
 */
@ApplicationScoped
public class VectorService {

    private static final Logger LOG = Logger.getLogger(VectorService.class);

    private final IndexManager indexes;
    private final RerankStage rerank;
    private final Map<RetrievalMode, Timer> searchTimers = new EnumMap<>(RetrievalMode.class);
    private final Counter upserted;
    private final Counter deleted;

    public VectorService(IndexManager indexes, RerankStage rerank, MeterRegistry registry) {
        this.indexes = indexes;
        this.rerank = rerank;
        for (RetrievalMode mode : RetrievalMode.values()) {
            searchTimers.put(mode, Timer.builder("rag.vector.search")
                    .description("Search latency: query embedding, the retrievers of the mode, fusion and reranking")
                    .tag("backend", indexes.backend())
                    .tag("mode", mode.wire())
                    .register(registry));
        }
        this.upserted = Counter.builder("rag.vector.chunks.upserted")
                .description("Chunks embedded and written to the index")
                .tag("backend", indexes.backend())
                .register(registry);
        this.deleted = Counter.builder("rag.vector.chunks.deleted")
                .description("Chunks removed from the index")
                .tag("backend", indexes.backend())
                .register(registry);
    }

    public Uni<UpsertResult> upsert(UpsertRequest request) {
        requireDistinctChunkIds(request.chunks());
        requireDimensions(request.chunks(), indexes.dimensions()); // fail fast; the manager checks again under its lock
        List<ChunkInput> chunks = request.chunks().stream()
                .map(c -> new ChunkInput(c.chunkId(), c.position(), c.text(), c.page(), c.headingPath(), c.chunkerVersion(),
                        c.vector(), request.source(), request.isPublished()))
                .toList();
        return blocking(() -> {
            int stored;
            try {
                stored = indexes.write(request.ownerId(), request.documentId(), request.documentName(), request.version(),
                        chunks);
            } catch (DimensionMismatchException e) {
                throw dimensionProblem(e.expected(), e.actual()); // the active index switched meanwhile
            } catch (EmbeddingException e) {
                throw embeddingProblem(e);
            }
            upserted.increment(stored);
            return new UpsertResult(stored);
        });
    }

    public Uni<DeleteResult> deleteDocument(String ownerId, UUID documentId) {
        return blocking(() -> {
            long removed = indexes.deleteDocument(ownerId, documentId);
            deleted.increment(removed);
            VectorStore.Stats after = indexes.stats(ownerId, documentId);
            return new DeleteResult(removed, after.vectors(), after.keywordEntries());
        });
    }

    public Uni<ActivateResult> activate(String ownerId, UUID documentId, int version) {
        return blocking(() -> {
            VectorStore.Activation activation = indexes.activate(ownerId, documentId, version);
            deleted.increment(activation.removed());
            return new ActivateResult(activation.visible(), activation.removed());
        });
    }

    public Uni<VisibilityResult> setVisibility(String ownerId, UUID documentId, boolean published) {
        return blocking(() -> new VisibilityResult(published, indexes.setPublished(ownerId, documentId, published)));
    }

    public Uni<DeleteResult> discard(String ownerId, UUID documentId, int version) {
        return blocking(() -> {
            long removed = indexes.discard(ownerId, documentId, version);
            deleted.increment(removed);
            VectorStore.Stats after = indexes.stats(ownerId, documentId);
            return new DeleteResult(removed, after.vectors(), after.keywordEntries());
        });
    }

    public Uni<DocumentIndexStats> stats(String ownerId, UUID documentId) {
        return blocking(() -> {
            VectorStore.Stats stats = indexes.stats(ownerId, documentId);
            return new DocumentIndexStats(stats.vectors(), stats.keywordEntries(), stats.staged());
        });
    }

    /** The active index's manifest and the state of a re-index into the configured model. */
    public IndexManifest manifest() {
        return new IndexManifest(indexes.model(), indexes.dimensions(), indexes.backend(), indexes.chunkerVersion(),
                indexes.index(), indexes.reindexStatus());
    }

    /** The embedding model of the active index. */
    public String model() {
        return indexes.model();
    }

    /**
     * Searches the chunks of {@code ownerId} and those published to everyone; the caller takes the owner from
     * the verified token.
     */
    public Uni<SearchResponse> search(String ownerId, SearchRequest request) {
        return blocking(() -> searchTimers.get(request.effectiveMode()).record(() -> {
            List<ScoredChunk> found;
            try {
                found = indexes.search(ownerId, request.query(), rerank.fetchSize(request.topK()), request.effectiveMode());
            } catch (EmbeddingException e) {
                throw embeddingProblem(e);
            }
            List<SearchHit> hits = rerank.apply(request.query(), found, request.topK()).stream()
                    .map(hit -> new SearchHit(hit.chunkId(), hit.documentId(), hit.documentName(), hit.position(),
                            hit.text(), hit.score(), hit.page(), hit.headingPath(), hit.source()))
                    .toList();
            return new SearchResponse(hits, indexes.backend());
        }));
    }

    private static void requireDistinctChunkIds(List<ChunkPayload> chunks) {
        Set<String> seen = new HashSet<>();
        for (ChunkPayload chunk : chunks) {
            if (!seen.add(chunk.chunkId())) {
                throw ProblemException.badRequest("Chunk id '" + chunk.chunkId() + "' appears more than once in this batch.");
            }
        }
    }

    private static void requireDimensions(List<ChunkPayload> chunks, int dimensions) {
        for (ChunkPayload chunk : chunks) {
            if (chunk.vector() != null && chunk.vector().length != dimensions) {
                throw dimensionProblem(dimensions, chunk.vector().length);
            }
        }
    }

    private static ProblemException dimensionProblem(int expected, int actual) {
        return new ProblemException(422, "Vector dimensions mismatch", "The active index holds " + expected
                + "-dimensional vectors, but a chunk carries " + actual + " values; nothing was stored. "
                + "Send vectors of the model named by GET /internal/v1/manifest, or none.");
    }

    private static ProblemException embeddingProblem(EmbeddingException e) {
        LOG.warnf("Embedding failed: %s", e.getMessage());
        return new ProblemException(503, "Embedding model unavailable", "The embedding model " + e.model()
                + " could not embed the text right now; nothing was changed. Try again later.");
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
