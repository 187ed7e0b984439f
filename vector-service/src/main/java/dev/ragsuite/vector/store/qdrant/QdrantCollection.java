package dev.ragsuite.vector.store.qdrant;

import static dev.ragsuite.vector.store.qdrant.QdrantPoints.DENSE;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.KEYWORDS;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_DOCUMENT_ID;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_OWNER;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_STAGED;
import static dev.ragsuite.vector.store.qdrant.QdrantPoints.P_VERSION;
import static io.qdrant.client.ValueFactory.value;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Tracer;
import io.qdrant.client.QdrantClient;
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
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * One Qdrant collection as the store uses it: every call with the configured deadline (failures as
 * {@link UncheckedIOException}), and the collection's layout and manifest — created if missing
 * (vectors, sparse vectors, payload indexes, model and dimensions in its metadata), refused when laid
 * out otherwise or recorded for another model, the latest chunker version kept in its metadata.
 */
final class QdrantCollection {

    /** Collection metadata keys: the index manifest, as in the Lucene store's commit data. */
    static final String META_MODEL = "rag_model";
    static final String META_DIMENSIONS = "rag_dimensions";
    static final String META_CHUNKER = "rag_chunker";

    private final QdrantClient client;
    private final String name;
    private final Duration timeout;
    private final Tracer tracer;

    QdrantCollection(QdrantClient client, String name, Duration timeout, Tracer tracer) {
        this.client = client;
        this.name = name;
        this.timeout = timeout;
        this.tracer = tracer;
    }

    String name() {
        return name;
    }

    QdrantClient client() {
        return client;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Opens the collection for vectors of {@code model}, creating it if missing.
     *
     * @return the chunker version its metadata records, null when none
     * @throws IllegalStateException if it exists with another dimension count or model, or is not laid
     *         out as this store writes it (the same refusal as the Lucene store's)
     */
    String open(String model, int dimensions) {
        if (!call("check the collection " + name, client.collectionExistsAsync(name, timeout))) {
            create(model, dimensions);
        }
        CollectionInfo info = call("read the collection " + name, client.getCollectionInfoAsync(name, timeout));
        CollectionParams params = info.getConfig().getParams();
        VectorParams dense = params.getVectorsConfig().getParamsMap().getMapMap().get(DENSE);
        if (dense == null || !params.getSparseVectorsConfig().getMapMap().containsKey(KEYWORDS)) {
            throw new IllegalStateException("the Qdrant collection " + name + " lacks the vectors '" + DENSE
                    + "' and '" + KEYWORDS + "' this service writes: use another rag.vector.qdrant.collection-prefix");
        }
        if (dense.getSize() != dimensions) {
            throw new IllegalStateException("the Qdrant collection " + name + " holds " + dense.getSize()
                    + "-dimensional vectors but the embedding model makes " + dimensions);
        }
        Map<String, Value> metadata = info.getConfig().getMetadataMap();
        Value recordedModel = metadata.get(META_MODEL);
        if (recordedModel != null && !recordedModel.getStringValue().equals(model)) {
            throw new IllegalStateException("the Qdrant collection " + name + " records the embedding model "
                    + recordedModel.getStringValue() + " but this service embeds with " + model);
        }
        // the payload indexes are created idempotently, so a collection created by an interrupted start gets them too
        index(P_OWNER, PayloadSchemaType.Keyword);
        index(P_DOCUMENT_ID, PayloadSchemaType.Keyword);
        index(P_VERSION, PayloadSchemaType.Integer);
        index(P_STAGED, PayloadSchemaType.Bool);
        index(QdrantPoints.P_PUBLISHED, PayloadSchemaType.Bool);
        Value chunker = metadata.get(META_CHUNKER);
        return chunker == null || chunker.getStringValue().isEmpty() ? null : chunker.getStringValue();
    }

    private void create(String model, int dimensions) {
        CreateCollection request = CreateCollection.newBuilder()
                .setCollectionName(name)
                .setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder()
                        .putMap(DENSE, VectorParams.newBuilder().setSize(dimensions).setDistance(Distance.Cosine).build())))
                .setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                        .putMap(KEYWORDS, SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build()))
                .putMetadata(META_MODEL, value(model))
                .putMetadata(META_DIMENSIONS, value(dimensions))
                .build();
        try {
            call("create the collection " + name, client.createCollectionAsync(request, timeout));
        } catch (UncheckedIOException e) {
            if (!(e.getCause().getCause() instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.ALREADY_EXISTS)) {
                throw e; // ALREADY_EXISTS: another process created it first; open checks its layout
            }
        }
    }

    private void index(String field, PayloadSchemaType type) {
        call("index the payload field " + field, client.createPayloadIndexAsync(name, field, type, null, true, null,
                timeout));
    }

    /** Records the chunker version of the latest write in the collection's metadata. */
    void recordChunker(String latest) {
        call("record the chunker version", client.updateCollectionAsync(UpdateCollection.newBuilder()
                .setCollectionName(name)
                .putMetadata(META_CHUNKER, value(latest))
                .build(), timeout));
    }

    /** How many points match {@code filter} (all of them when null), counted exactly. */
    long count(Filter filter) {
        return call("count in the collection " + name, client.countAsync(name, filter, true, timeout));
    }

    /** Waits for one call within its deadline; failures become {@link UncheckedIOException}. */
    <T> T call(String what, ListenableFuture<T> future) {
        try {
            return QdrantCalls.await(tracer, name, what, future, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
