package dev.ragsuite.vector.service;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.vector.ActivateResult;
import dev.ragsuite.common.vector.ChunkPayload;
import dev.ragsuite.common.vector.DocumentIndexStats;
import dev.ragsuite.common.vector.IndexManifest;
import dev.ragsuite.common.vector.DeleteResult;
import dev.ragsuite.common.vector.SearchHit;
import dev.ragsuite.common.vector.SearchRequest;
import dev.ragsuite.common.vector.SearchResponse;
import dev.ragsuite.common.vector.UpsertRequest;
import dev.ragsuite.common.vector.UpsertResult;
import dev.ragsuite.vector.store.ChunkInput;
import dev.ragsuite.vector.store.DimensionMismatchException;
import dev.ragsuite.vector.store.IndexManager;
import dev.ragsuite.vector.store.LuceneVectorStore;
import dev.ragsuite.vector.store.VectorStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Embeds and indexes chunks, and answers searches, through the {@link IndexManager} (the active
 * index, plus the one being re-embedded when the model changed). Embedding and index I/O are
 * blocking and CPU-heavy, so every operation runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class VectorService {

    private final IndexManager indexes;
    private final Timer searchTimer;
    private final Counter upserted;
    private final Counter deleted;

    public VectorService(IndexManager indexes, MeterRegistry registry) {
        this.indexes = indexes;
        this.searchTimer = Timer.builder("rag.vector.search")
                .description("Hybrid search: query embedding, both retrievers and fusion")
                .tag("backend", LuceneVectorStore.NAME)
                .register(registry);
        this.upserted = Counter.builder("rag.vector.chunks.upserted")
                .description("Chunks embedded and written to the index")
                .tag("backend", LuceneVectorStore.NAME)
                .register(registry);
        this.deleted = Counter.builder("rag.vector.chunks.deleted")
                .description("Chunks removed from the index")
                .tag("backend", LuceneVectorStore.NAME)
                .register(registry);
    }

    public Uni<UpsertResult> upsert(UpsertRequest request) {
        requireDistinctChunkIds(request.chunks());
        requireDimensions(request.chunks(), indexes.dimensions()); // fail fast; the manager checks again under its lock
        List<ChunkInput> chunks = request.chunks().stream()
                .map(c -> new ChunkInput(c.chunkId(), c.position(), c.text(), c.page(), c.headingPath(), c.chunkerVersion(),
                        c.vector()))
                .toList();
        return blocking(() -> {
            int stored;
            try {
                stored = indexes.write(request.ownerId(), request.documentId(), request.documentName(), request.version(),
                        chunks);
            } catch (DimensionMismatchException e) {
                throw dimensionProblem(e.expected(), e.actual()); // the active index switched meanwhile
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
        return new IndexManifest(indexes.model(), indexes.dimensions(), LuceneVectorStore.NAME, indexes.chunkerVersion(),
                indexes.index(), indexes.reindexStatus());
    }

    /** Searches the chunks of {@code ownerId} only; the caller takes the owner from the verified token. */
    public Uni<SearchResponse> search(String ownerId, SearchRequest request) {
        return blocking(() -> searchTimer.record(() -> {
            List<SearchHit> hits = indexes.search(ownerId, request.query(), request.topK(), request.effectiveMode()).stream()
                    .map(hit -> new SearchHit(hit.chunkId(), hit.documentId(), hit.documentName(), hit.position(),
                            hit.text(), hit.score(), hit.page(), hit.headingPath()))
                    .toList();
            return new SearchResponse(hits, LuceneVectorStore.NAME);
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

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
