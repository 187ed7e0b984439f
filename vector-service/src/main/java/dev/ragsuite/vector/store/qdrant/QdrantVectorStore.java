package dev.ragsuite.vector.store.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.store.BaseVectorStore;
import dev.ragsuite.vector.store.DimensionMismatchException;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.FusionSettings;
import dev.ragsuite.vector.store.HybridFusion;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Tracer;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.VectorOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import static io.qdrant.client.ConditionFactory.hasVector;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ValueFactory.value;

/**
 * The Qdrant backend: one collection per embedding model and dimension count, holding per chunk a
 * named dense vector ({@value #DENSE}, cosine) and a named sparse vector ({@value #KEYWORDS}) of its
 * analysed terms (see {@link KeywordVectors}; the collection applies IDF), with the chunk as payload.
 * Hybrid search runs a dense and a sparse query, each with the owner filter and {@code staged=false}
 * inside the Qdrant query (payload indexes on {@code owner_id}, {@code document_id}, {@code version},
 * {@code staged}), and fuses them with the same {@link HybridFusion} as the Lucene store.
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
 * <p>Every call has the configured deadline; failures surface as {@link UncheckedIOException}.
 */
public final class QdrantVectorStore extends BaseVectorStore {

    public static final String NAME = "qdrant";

    static final String DENSE = "dense";
    static final String KEYWORDS = "keywords";

    static final String P_OWNER = "owner_id";
    static final String P_DOCUMENT_ID = "document_id";
    static final String P_DOCUMENT_NAME = "document_name";
    static final String P_CHUNK_ID = "chunk_id";
    static final String P_POSITION = "position";
    static final String P_TEXT = "text";
    static final String P_PAGE = "page";
    static final String P_HEADING_PATH = "heading_path";
    static final String P_VERSION = "version";
    static final String P_STAGED = "staged";
    static final String P_CHUNKER = "chunker_version";

    /** Collection metadata keys: the index manifest, as in the Lucene store's commit data. */
    static final String META_MODEL = "rag_model";
    static final String META_DIMENSIONS = "rag_dimensions";
    static final String META_CHUNKER = "rag_chunker";

    private static final int SCROLL_PAGE = 1024;

    private final QdrantClient client;
    private final String collection;
    private final HybridFusion<String> fusion;
    private final KeywordVectors keywords;
    private final Duration timeout;
    private final int batchSize;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Tracer tracer;

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
        super(model, dimensions, settings);
        this.tracer = tracer;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.client = client;
        this.collection = collection;
        this.fusion = new HybridFusion<>(settings.denseWeight());
        this.timeout = timeout;
        this.batchSize = batchSize;
        this.keywords = new KeywordVectors(keywordAverageTerms);
        try {
            this.chunkerVersion = openCollection();
        } catch (RuntimeException e) {
            keywords.close();
            throw e;
        }
        this.open = true;
    }

    /** The collection's name in Qdrant. */
    public String collection() {
        return collection;
    }

    // --- the collection and its manifest ---

    private String openCollection() {
        if (!call("check the collection " + collection, client.collectionExistsAsync(collection, timeout))) {
            create();
        }
        CollectionInfo info = call("read the collection " + collection, client.getCollectionInfoAsync(collection, timeout));
        CollectionParams params = info.getConfig().getParams();
        VectorParams dense = params.getVectorsConfig().getParamsMap().getMapMap().get(DENSE);
        if (dense == null || !params.getSparseVectorsConfig().getMapMap().containsKey(KEYWORDS)) {
            throw new IllegalStateException("the Qdrant collection " + collection + " lacks the vectors '" + DENSE
                    + "' and '" + KEYWORDS + "' this service writes: use another rag.vector.qdrant.collection-prefix");
        }
        if (dense.getSize() != dimensions) {
            throw new IllegalStateException("the Qdrant collection " + collection + " holds " + dense.getSize()
                    + "-dimensional vectors but the embedding model makes " + dimensions);
        }
        Map<String, Value> metadata = info.getConfig().getMetadataMap();
        Value recordedModel = metadata.get(META_MODEL);
        if (recordedModel != null && !recordedModel.getStringValue().equals(model)) {
            throw new IllegalStateException("the Qdrant collection " + collection + " records the embedding model "
                    + recordedModel.getStringValue() + " but this service embeds with " + model);
        }
        // the payload indexes are created idempotently, so a collection created by an interrupted start gets them too
        index(P_OWNER, PayloadSchemaType.Keyword);
        index(P_DOCUMENT_ID, PayloadSchemaType.Keyword);
        index(P_VERSION, PayloadSchemaType.Integer);
        index(P_STAGED, PayloadSchemaType.Bool);
        Value chunker = metadata.get(META_CHUNKER);
        return chunker == null || chunker.getStringValue().isEmpty() ? null : chunker.getStringValue();
    }

    private void create() {
        CreateCollection request = CreateCollection.newBuilder()
                .setCollectionName(collection)
                .setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder()
                        .putMap(DENSE, VectorParams.newBuilder().setSize(dimensions).setDistance(Distance.Cosine).build())))
                .setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                        .putMap(KEYWORDS, SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build()))
                .putMetadata(META_MODEL, value(model))
                .putMetadata(META_DIMENSIONS, value(dimensions))
                .build();
        try {
            call("create the collection " + collection, client.createCollectionAsync(request, timeout));
        } catch (UncheckedIOException e) {
            if (!(e.getCause().getCause() instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.ALREADY_EXISTS)) {
                throw e; // ALREADY_EXISTS: another process created it first; openCollection checks its layout
            }
        }
    }

    private void index(String field, PayloadSchemaType type) {
        call("index the payload field " + field, client.createPayloadIndexAsync(collection, field, type, null, true, null,
                timeout));
    }

    // --- writes ---

    @Override
    protected int write(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks) {
        List<ExportedChunk> out = new ArrayList<>(chunks.size());
        for (StoredChunk chunk : chunks) {
            out.add(new ExportedChunk(ownerId, documentId, documentName, version, version > 0, chunk));
        }
        return importChunks(out);
    }

    @Override
    public int importChunks(List<ExportedChunk> chunks) {
        if (chunks.isEmpty()) {
            return 0;
        }
        Set<String> keys = new HashSet<>();
        List<PointStruct> points = new ArrayList<>(chunks.size());
        for (ExportedChunk chunk : chunks) { // everything is checked before anything is written
            requireOwner(chunk.ownerId());
            checkVector(chunk.chunk().vector());
            if (!keys.add(chunk.key())) {
                throw new IllegalArgumentException("chunk id appears twice in one batch: " + chunk.chunk().chunkId());
            }
            points.add(point(chunk));
        }
        writeLock.lock();
        try {
            ensureOpen();
            for (int from = 0; from < points.size(); from += batchSize) {
                UpsertPoints request = UpsertPoints.newBuilder()
                        .setCollectionName(collection)
                        .setWait(true)
                        .addAllPoints(points.subList(from, Math.min(points.size(), from + batchSize)))
                        .build();
                call("write to the collection " + collection, client.upsertAsync(request, timeout));
            }
            noteChunker(chunks);
        } finally {
            writeLock.unlock();
        }
        return points.size();
    }

    private PointStruct point(ExportedChunk exported) {
        StoredChunk chunk = exported.chunk();
        Map<String, Vector> vectors = new HashMap<>(4);
        vectors.put(DENSE, VectorFactory.vector(chunk.vector()));
        KeywordVectors.Sparse terms = keywords.document(chunk.text());
        if (!terms.isEmpty()) { // a chunk without any keyword (only stop words) has no sparse vector
            vectors.put(KEYWORDS, sparse(terms));
        }
        Map<String, Value> payload = new HashMap<>(16);
        payload.put(P_OWNER, value(exported.ownerId()));
        payload.put(P_DOCUMENT_ID, value(exported.documentId().toString()));
        payload.put(P_DOCUMENT_NAME, value(exported.documentName()));
        payload.put(P_CHUNK_ID, value(chunk.chunkId()));
        payload.put(P_POSITION, value(chunk.position()));
        payload.put(P_TEXT, value(chunk.text()));
        payload.put(P_VERSION, value(exported.version()));
        payload.put(P_STAGED, value(exported.staged()));
        if (chunk.page() != null) {
            payload.put(P_PAGE, value(chunk.page()));
        }
        if (chunk.headingPath() != null) {
            payload.put(P_HEADING_PATH, value(chunk.headingPath()));
        }
        if (chunk.chunkerVersion() != null) {
            payload.put(P_CHUNKER, value(chunk.chunkerVersion()));
        }
        return PointStruct.newBuilder()
                .setId(pointId(exported.ownerId(), chunk.chunkId()))
                .setVectors(VectorsFactory.namedVectors(vectors))
                .putAllPayload(payload)
                .build();
    }

    @Override
    public Activation activate(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
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
                call("activate a document version", client.setPayloadAsync(SetPayloadPoints.newBuilder()
                        .setCollectionName(collection)
                        .setWait(true)
                        .putPayload(P_STAGED, value(false))
                        .setPointsSelector(PointsSelector.newBuilder().setFilter(stagedOfVersion))
                        .build(), timeout));
            }
            // the window: from here until the delete below is applied, both versions are visible
            if (removed > 0) {
                call("remove the other versions of a document", client.deleteAsync(collection, otherVersions, timeout));
            }
            return new Activation(count(ofVersion), removed);
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
        List<PointId> ids = keys.stream().map(k -> pointId(ExportedChunk.ownerOf(k), ExportedChunk.chunkIdOf(k))).toList();
        writeLock.lock();
        try {
            ensureOpen();
            long present = retrieve(ids, false).size();
            if (present > 0) {
                call("delete chunks", client.deleteAsync(collection, ids, timeout));
            }
            return present;
        } finally {
            writeLock.unlock();
        }
    }

    private long deleteAll(Filter filter, String what) {
        writeLock.lock();
        try {
            ensureOpen();
            long count = count(filter); // writes of this process are serialised: the count is what the delete removes
            if (count > 0) {
                call(what, client.deleteAsync(collection, filter, timeout));
            }
            return count;
        } finally {
            writeLock.unlock();
        }
    }

    // --- reads ---

    @Override
    public List<ScoredChunk> search(String ownerId, String queryText, float[] queryVector, int topK, RetrievalMode mode) {
        SearchPlan plan = plan(ownerId, queryVector, topK, mode);
        boolean useDense = plan.dense();
        boolean useKeyword = plan.keyword();
        ensureOpen();
        int candidates = plan.candidates();
        Filter visible = visibleOf(ownerId);
        Map<String, ScoredPoint> points = new HashMap<>();
        Map<String, Double> dense = !useDense ? Map.of()
                : query(QueryFactory.nearest(queryVector), DENSE, visible, candidates, points);
        KeywordVectors.Sparse terms = useKeyword ? keywords.query(queryText) : null;
        Map<String, Double> keyword = terms == null || terms.isEmpty() ? Map.of()
                : query(QueryFactory.nearest(floats(terms.values()), ints(terms.indices())), KEYWORDS, visible, candidates,
                        points);
        List<ScoredChunk> hits = new ArrayList<>(topK);
        for (HybridFusion.Fused<String> fused : fusion.fuse(dense, keyword, topK)) {
            Map<String, Value> payload = points.get(fused.key()).getPayloadMap();
            hits.add(new ScoredChunk(
                    string(payload, P_CHUNK_ID),
                    UUID.fromString(string(payload, P_DOCUMENT_ID)),
                    string(payload, P_DOCUMENT_NAME),
                    (int) payload.get(P_POSITION).getIntegerValue(),
                    string(payload, P_TEXT),
                    fused.score(),
                    integer(payload, P_PAGE),
                    string(payload, P_HEADING_PATH)));
        }
        return hits;
    }

    /** One retriever: the query with the visibility filter inside it; returns point id → raw score. */
    private Map<String, Double> query(io.qdrant.client.grpc.Points.Query query, String using, Filter filter, int limit,
            Map<String, ScoredPoint> points) {
        QueryPoints request = QueryPoints.newBuilder()
                .setCollectionName(collection)
                .setQuery(query)
                .setUsing(using)
                .setFilter(filter)
                .setLimit(limit)
                .setWithPayload(WithPayloadSelectorFactory.enable(true))
                .build();
        List<ScoredPoint> found = call("search the collection " + collection, client.queryAsync(request, timeout));
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
        return call("count the collection " + collection, client.countAsync(collection, null, true, timeout));
    }

    @Override
    public List<String> keys() {
        ensureOpen();
        List<String> keys = new ArrayList<>();
        PointId offset = null;
        do {
            ScrollPoints.Builder request = ScrollPoints.newBuilder()
                    .setCollectionName(collection)
                    .setLimit(SCROLL_PAGE)
                    .setWithPayload(WithPayloadSelectorFactory.include(List.of(P_OWNER, P_CHUNK_ID)))
                    .setWithVectors(WithVectorsSelectorFactory.enable(false));
            if (offset != null) {
                request.setOffset(offset);
            }
            ScrollResponse page = call("list the collection " + collection, client.scrollAsync(request.build(), timeout));
            for (RetrievedPoint point : page.getResultList()) {
                keys.add(ExportedChunk.key(string(point.getPayloadMap(), P_OWNER), string(point.getPayloadMap(), P_CHUNK_ID)));
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
        List<PointId> ids = keys.stream().map(k -> pointId(ExportedChunk.ownerOf(k), ExportedChunk.chunkIdOf(k))).toList();
        Map<String, ExportedChunk> found = new LinkedHashMap<>(keys.size() * 2);
        for (RetrievedPoint point : retrieve(ids, true)) {
            Map<String, Value> payload = point.getPayloadMap();
            VectorOutput vector = point.getVectors().getVectors().getVectorsMap().get(DENSE);
            DenseVector dense = VectorOutputHelper.getDenseVector(vector);
            float[] values = new float[dense == null ? 0 : dense.getDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = dense.getData(i);
            }
            StoredChunk chunk = new StoredChunk(string(payload, P_CHUNK_ID), (int) payload.get(P_POSITION).getIntegerValue(),
                    string(payload, P_TEXT), values, integer(payload, P_PAGE), string(payload, P_HEADING_PATH),
                    string(payload, P_CHUNKER));
            ExportedChunk exported = new ExportedChunk(string(payload, P_OWNER), UUID.fromString(string(payload, P_DOCUMENT_ID)),
                    string(payload, P_DOCUMENT_NAME), (int) payload.get(P_VERSION).getIntegerValue(),
                    payload.get(P_STAGED).getBoolValue(), chunk);
            found.put(exported.key(), exported);
        }
        return found;
    }

    private List<RetrievedPoint> retrieve(List<PointId> ids, boolean withData) {
        return call("read chunks of the collection " + collection, client.retrieveAsync(collection, ids,
                WithPayloadSelectorFactory.enable(withData),
                withData ? WithVectorsSelectorFactory.include(List.of(DENSE)) : WithVectorsSelectorFactory.enable(false),
                null, timeout));
    }

    private long count(Filter filter) {
        ensureOpen();
        return call("count in the collection " + collection, client.countAsync(collection, filter, true, timeout));
    }

    // --- what the index is ---

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Marks the store closed (every write already waited for Qdrant); the shared client stays open. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (open) {
                open = false;
                keywords.close();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void noteChunker(List<ExportedChunk> chunks) {
        String latest = latestChunker(chunks.stream().map(c -> c.chunk().chunkerVersion()).toList());
        if (latest != null && !latest.equals(chunkerVersion)) {
            call("record the chunker version", client.updateCollectionAsync(UpdateCollection.newBuilder()
                    .setCollectionName(collection)
                    .putMetadata(META_CHUNKER, value(latest))
                    .build(), timeout));
            chunkerVersion = latest;
        }
    }

    // --- helpers ---

    /** The point id of a chunk: the name-based UUID (type 3) of its owner-plus-chunk-id key. */
    public static PointId pointId(String ownerId, String chunkId) {
        return PointIdFactory.id(UUID.nameUUIDFromBytes(ExportedChunk.key(ownerId, chunkId).getBytes(StandardCharsets.UTF_8)));
    }

    /** The owner's searchable chunks: the owner filter and {@code staged=false}, both inside the query. */
    static Filter visibleOf(String ownerId) {
        return Filter.newBuilder()
                .addMust(matchKeyword(P_OWNER, ownerId))
                .addMust(match(P_STAGED, false))
                .build();
    }

    private static Filter documentFilter(String ownerId, UUID documentId) {
        if (documentId == null) {
            throw new IllegalArgumentException("documentId is required");
        }
        return Filter.newBuilder()
                .addMust(matchKeyword(P_OWNER, ownerId))
                .addMust(matchKeyword(P_DOCUMENT_ID, documentId.toString()))
                .build();
    }

    private static Vector sparse(KeywordVectors.Sparse terms) {
        return VectorFactory.vector(floats(terms.values()), ints(terms.indices()));
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    private static List<Integer> ints(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    private static String string(Map<String, Value> payload, String key) {
        Value v = payload.get(key);
        return v == null || v.hasNullValue() ? null : v.getStringValue();
    }

    private static Integer integer(Map<String, Value> payload, String key) {
        Value v = payload.get(key);
        return v == null || !v.hasIntegerValue() ? null : (int) v.getIntegerValue();
    }

    /** Waits for one call within its deadline; failures become {@link UncheckedIOException}. */
    private <T> T call(String what, ListenableFuture<T> future) {
        try {
            return QdrantCalls.await(tracer, collection, what, future, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
