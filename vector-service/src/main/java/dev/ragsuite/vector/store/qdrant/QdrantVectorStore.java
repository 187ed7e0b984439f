package dev.ragsuite.vector.store.qdrant;

import static dev.ragsuite.vector.store.qdrant.QdrantPoints.DENSE;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.KEYWORDS;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_CHUNK_ID;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_OWNER;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_STAGED;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_VERSION;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.floats;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.ints;
import static io.qdrant.client.ConditionFactory.hasVector;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ValueFactory.value;

import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.store.BaseVectorStore;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.hybrid.HybridFusion;
import io.opentelemetry.api.trace.Tracer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Qdrant backend: one collection per embedding model and dimension count, holding per chunk a
 * named dense vector ({@value QdrantPoints#DENSE}, cosine) and a named sparse vector
 * ({@value QdrantPoints#KEYWORDS}) of its analysed terms (see {@link KeywordVectors}; the collection
 * applies IDF), with the chunk as payload ({@link QdrantPoints}). Hybrid search runs a dense and a
 * sparse query, each with the owner filter and {@code staged=false} inside the Qdrant query (payload
 * indexes on {@code owner_id}, {@code document_id}, {@code version}, {@code staged}), and fuses them
 * with the same {@link HybridFusion} as the Lucene store.
 *
 * <p>A point's id is the name-based (type 3, MD5) UUID of the chunk's key, owner plus chunk id, so a
 * re-upsert replaces the chunk and another owner's chunk with the same id is another point. Writes
 * wait until Qdrant has applied them ({@code wait=true}) and are serialised within this process, so
 * the counts that deletes return are exact unless another process writes the same collection.
 *
 * <p><b>Not atomic like Lucene.</b> Qdrant has no multi-operation commit. A write of more than
 * {@code upsert-batch-size} chunks is several requests (a failure can leave the first ones written;
 * the caller retries the same chunk ids, which overwrite). {@link #activate} first sets
 * {@code staged=false} on the new version's points and then deletes the document's other versions:
 * between those two requests (a few milliseconds) a search can see chunks of both versions, never
 * neither.
 *
 * <p>Every call has the configured deadline; failures surface as {@link UncheckedIOException}
 * ({@link QdrantCollection}).
 */
public final class QdrantVectorStore extends BaseVectorStore {

    public static final String NAME = "qdrant";

    private static final int SCROLL_PAGE = 1024;

    private final QdrantCollection collection;
    private final QdrantClient client;
    private final String name;
    private final Duration timeout;
    private final KeywordVectors keywords;
    private final int batchSize;

    /**
     * Opens the collection, creating it (vectors, sparse vectors, payload indexes, manifest) if
     * missing. The client stays the caller's: {@link #close()} does not close it.
     *
     * @throws IllegalStateException if the collection exists with another dimension count or model, or
     *         is not laid out as this store writes it (the same refusal as the Lucene store's)
     * @throws UncheckedIOException if Qdrant does not answer in time or fails
     */
    public QdrantVectorStore(QdrantClient client, String collection, String model, int dimensions, FusionSettings settings,
            Duration timeout, int batchSize, int keywordAverageTerms, Tracer tracer) {
        super(NAME, model, dimensions, settings);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.collection = new QdrantCollection(client, collection, timeout, tracer);
        this.client = client;
        this.name = collection;
        this.timeout = timeout;
        this.batchSize = batchSize;
        this.keywords = new KeywordVectors(keywordAverageTerms);
        try {
            this.chunkerVersion = this.collection.open(model, dimensions);
        } catch (RuntimeException e) {
            keywords.close();
            throw e;
        }
        this.open = true;
    }

    /** The collection's name in Qdrant. */
    public String collection() {
        return name;
    }

    // --- writes ---

    @Override
    protected int writeChunks(List<ExportedChunk> chunks) {
        List<PointStruct> points = new ArrayList<>(chunks.size());
        for (ExportedChunk chunk : chunks) {
            points.add(QdrantPoints.point(chunk, keywords));
        }
        writeLock.lock();
        try {
            ensureOpen();
            for (int from = 0; from < points.size(); from += batchSize) {
                UpsertPoints request = UpsertPoints.newBuilder()
                        .setCollectionName(name)
                        .setWait(true)
                        .addAllPoints(points.subList(from, Math.min(points.size(), from + batchSize)))
                        .build();
                collection.call("write to the collection " + name, client.upsertAsync(request, timeout));
            }
            noteChunker(chunks);
        } finally {
            writeLock.unlock();
        }
        return points.size();
    }

    @Override
    protected void recordChunker(String latest) {
        collection.recordChunker(latest);
    }

    @Override
    public Activation activate(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        requireVersion(version);
        Filter ofVersion = Filter.newBuilder(documentFilter(ownerId, documentId)).addMust(match(P_VERSION, version)).build();
        Filter otherVersions = Filter.newBuilder(documentFilter(ownerId, documentId))
                .addMustNot(match(P_VERSION, version)).build();
        Filter stagedOfVersion = Filter.newBuilder(ofVersion).addMust(match(P_STAGED, true)).build();
        writeLock.lock();
        try {
            ensureOpen();
            long removed = count(otherVersions);
            long staged = count(stagedOfVersion);
            if (staged > 0) {
                collection.call("activate a document version", client.setPayloadAsync(SetPayloadPoints.newBuilder()
                        .setCollectionName(name)
                        .setWait(true)
                        .putPayload(P_STAGED, value(false))
                        .setPointsSelector(PointsSelector.newBuilder().setFilter(stagedOfVersion))
                        .build(), timeout));
            }
            // the window: from here until the delete below is applied, both versions are visible
            if (removed > 0) {
                collection.call("remove the other versions of a document", client.deleteAsync(name, otherVersions, timeout));
            }
            return new Activation(count(ofVersion), removed);
        } finally {
            writeLock.unlock();
        }
    }

    /** Sets the {@code published} payload of every point of the document in one call (waited for). */
    @Override
    public long setPublished(String ownerId, UUID documentId, boolean published) {
        requireOwner(ownerId);
        Filter document = documentFilter(ownerId, documentId);
        writeLock.lock();
        try {
            ensureOpen();
            long chunks = count(document);
            if (chunks > 0) {
                collection.call("publish a document", client.setPayloadAsync(SetPayloadPoints.newBuilder()
                        .setCollectionName(name)
                        .setWait(true)
                        .putPayload(QdrantPoints.P_PUBLISHED, value(published))
                        .setPointsSelector(PointsSelector.newBuilder().setFilter(document))
                        .build(), timeout));
            }
            return chunks;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long discard(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        return deleteAll(Filter.newBuilder(documentFilter(ownerId, documentId))
                .addMust(match(P_VERSION, version))
                .addMust(match(P_STAGED, true))
                .build(), "discard a staged document version");
    }

    @Override
    public long deleteDocument(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        return deleteAll(documentFilter(ownerId, documentId), "delete a document");
    }

    @Override
    public long deleteKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<PointId> ids = keys.stream().map(QdrantPoints::pointId).toList();
        return deleteCounted("delete chunks", () -> retrieve(ids, false).size(),
                () -> collection.call("delete chunks", client.deleteAsync(name, ids, timeout)));
    }

    private long deleteAll(Filter filter, String what) {
        // writes of this process are serialised: the count is what the delete removes
        return deleteCounted(what, () -> count(filter), () -> collection.call(what, client.deleteAsync(name, filter, timeout)));
    }

    // --- reads ---

    @Override
    public List<ScoredChunk> search(String ownerId, String queryText, float[] queryVector, int topK, RetrievalMode mode) {
        SearchPlan plan = plan(ownerId, queryVector, topK, mode);
        ensureOpen();
        int candidates = plan.candidates();
        Filter visible = QdrantPoints.visibleOf(ownerId);
        Map<String, ScoredPoint> points = new HashMap<>();
        Map<String, Double> dense = !plan.dense() ? Map.of()
                : query(QueryFactory.nearest(queryVector), DENSE, visible, candidates, points);
        KeywordVectors.Sparse terms = plan.keyword() ? keywords.query(queryText) : null;
        Map<String, Double> keyword = terms == null || terms.isEmpty() ? Map.of()
                : query(QueryFactory.nearest(floats(terms.values()), ints(terms.indices())), KEYWORDS, visible, candidates,
                        points);
        try {
            return fuse(dense, keyword, topK, (id, score) -> QdrantPoints.scored(points.get(id).getPayloadMap(), score));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a hit from the points in hand does no I/O
        }
    }

    /** One retriever: the query with the visibility filter inside it; returns point id → raw score. */
    private Map<String, Double> query(io.qdrant.client.grpc.Points.Query query, String using, Filter filter, int limit,
            Map<String, ScoredPoint> points) {
        QueryPoints request = QueryPoints.newBuilder()
                .setCollectionName(name)
                .setQuery(query)
                .setUsing(using)
                .setFilter(filter)
                .setLimit(limit)
                .setWithPayload(WithPayloadSelectorFactory.enable(true))
                .build();
        List<ScoredPoint> found = collection.call("search the collection " + name, client.queryAsync(request, timeout));
        Map<String, Double> scores = new HashMap<>(found.size() * 2);
        for (ScoredPoint point : found) {
            String id = point.getId().getUuid();
            scores.put(id, (double) point.getScore());
            points.putIfAbsent(id, point);
        }
        return scores;
    }

    @Override
    public Stats stats(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        Filter document = documentFilter(ownerId, documentId);
        return new Stats(
                count(Filter.newBuilder(document).addMust(hasVector(DENSE)).build()),
                count(Filter.newBuilder(document).addMust(hasVector(KEYWORDS)).build()),
                count(Filter.newBuilder(document).addMust(match(P_STAGED, true)).build()));
    }

    @Override
    public long countDocument(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        return count(documentFilter(ownerId, documentId));
    }

    @Override
    public long size() {
        ensureOpen();
        return collection.call("count the collection " + name, client.countAsync(name, null, true, timeout));
    }

    @Override
    public List<String> keys() {
        ensureOpen();
        List<String> keys = new ArrayList<>();
        PointId offset = null;
        do {
            ScrollPoints.Builder request = ScrollPoints.newBuilder()
                    .setCollectionName(name)
                    .setLimit(SCROLL_PAGE)
                    .setWithPayload(WithPayloadSelectorFactory.include(List.of(P_OWNER, P_CHUNK_ID)))
                    .setWithVectors(WithVectorsSelectorFactory.enable(false));
            if (offset != null) {
                request.setOffset(offset);
            }
            ScrollResponse page = collection.call("list the collection " + name, client.scrollAsync(request.build(), timeout));
            for (RetrievedPoint point : page.getResultList()) {
                keys.add(QdrantPoints.key(point));
            }
            offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
        } while (offset != null);
        return keys;
    }

    @Override
    public Map<String, ExportedChunk> read(Collection<String> keys) {
        ensureOpen();
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<PointId> ids = keys.stream().map(QdrantPoints::pointId).toList();
        Map<String, ExportedChunk> found = new LinkedHashMap<>(keys.size() * 2);
        for (RetrievedPoint point : retrieve(ids, true)) {
            ExportedChunk exported = QdrantPoints.exported(point);
            found.put(exported.key(), exported);
        }
        return found;
    }

    private List<RetrievedPoint> retrieve(List<PointId> ids, boolean withData) {
        return collection.call("read chunks of the collection " + name, client.retrieveAsync(name, ids,
                WithPayloadSelectorFactory.enable(withData),
                withData ? WithVectorsSelectorFactory.include(List.of(DENSE)) : WithVectorsSelectorFactory.enable(false),
                null, timeout));
    }

    private long count(Filter filter) {
        ensureOpen();
        return collection.count(filter);
    }

    private static Filter documentFilter(String ownerId, UUID documentId) {
        requireDocument(documentId);
        return QdrantPoints.documentFilter(ownerId, documentId);
    }

    // --- what the index is ---

    /** Every write already waited for Qdrant; the shared client stays open. */
    @Override
    protected void release() {
        keywords.close();
    }
}
