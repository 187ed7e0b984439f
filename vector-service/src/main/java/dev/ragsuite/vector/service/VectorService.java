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
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Embeds and indexes chunks, and answers searches. Embedding and index I/O are blocking and
 * CPU-heavy, so every operation runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class VectorService {

    private final Embedder embedder;
    private final VectorStore store;
    private final Timer searchTimer;
    private final Counter upserted;
    private final Counter deleted;

    public VectorService(Embedder embedder, VectorStore store, MeterRegistry registry) {
        this.embedder = embedder;
        this.store = store;
        this.searchTimer = Timer.builder("rag.vector.search")
                .description("Hybrid search: query embedding, both retrievers and fusion")
                .tag("backend", store.name())
                .register(registry);
        this.upserted = Counter.builder("rag.vector.chunks.upserted")
                .description("Chunks embedded and written to the index")
                .tag("backend", store.name())
                .register(registry);
        this.deleted = Counter.builder("rag.vector.chunks.deleted")
                .description("Chunks removed from the index")
                .tag("backend", store.name())
                .register(registry);
    }

    public Uni<UpsertResult> upsert(UpsertRequest request) {
        requireDistinctChunkIds(request.chunks());
        return blocking(() -> {
            List<float[]> vectors = embedder.embedAll(request.chunks().stream().map(ChunkPayload::text).toList());
            List<StoredChunk> chunks = new ArrayList<>(vectors.size());
            for (int i = 0; i < vectors.size(); i++) {
                ChunkPayload chunk = request.chunks().get(i);
                chunks.add(new StoredChunk(chunk.chunkId(), chunk.position(), chunk.text(), vectors.get(i),
                        chunk.page(), chunk.headingPath()));
            }
            int stored = request.version() == null
                    ? store.upsert(request.ownerId(), request.documentId(), request.documentName(), chunks)
                    : store.stage(request.ownerId(), request.documentId(), request.documentName(), request.version(), chunks);
            upserted.increment(stored);
            return new UpsertResult(stored);
        });
    }

    public Uni<DeleteResult> deleteDocument(String ownerId, UUID documentId) {
        return blocking(() -> {
            long removed = store.deleteDocument(ownerId, documentId);
            deleted.increment(removed);
            VectorStore.Stats after = store.stats(ownerId, documentId);
            return new DeleteResult(removed, after.vectors(), after.keywordEntries());
        });
    }

    public Uni<ActivateResult> activate(String ownerId, UUID documentId, int version) {
        return blocking(() -> {
            VectorStore.Activation activation = store.activate(ownerId, documentId, version);
            deleted.increment(activation.removed());
            return new ActivateResult(activation.visible(), activation.removed());
        });
    }

    public Uni<DeleteResult> discard(String ownerId, UUID documentId, int version) {
        return blocking(() -> {
            long removed = store.discard(ownerId, documentId, version);
            deleted.increment(removed);
            VectorStore.Stats after = store.stats(ownerId, documentId);
            return new DeleteResult(removed, after.vectors(), after.keywordEntries());
        });
    }

    public Uni<DocumentIndexStats> stats(String ownerId, UUID documentId) {
        return blocking(() -> {
            VectorStore.Stats stats = store.stats(ownerId, documentId);
            return new DocumentIndexStats(stats.vectors(), stats.keywordEntries(), stats.staged());
        });
    }

    public IndexManifest manifest() {
        return new IndexManifest(store.model(), store.dimensions(), store.name());
    }

    /** Searches the chunks of {@code ownerId} only; the caller takes the owner from the verified token. */
    public Uni<SearchResponse> search(String ownerId, SearchRequest request) {
        return blocking(() -> searchTimer.record(() -> {
            float[] queryVector = embedder.embed(request.query());
            List<SearchHit> hits = store.search(ownerId, request.query(), queryVector, request.topK()).stream()
                    .map(hit -> new SearchHit(hit.chunkId(), hit.documentId(), hit.documentName(), hit.position(),
                            hit.text(), hit.score(), hit.page(), hit.headingPath()))
                    .toList();
            return new SearchResponse(hits, store.name());
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

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
