package dev.ragsuite.vector.store.qdrant;

import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ValueFactory.value;

import dev.ragsuite.vector.api.DocumentSource;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.VectorOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a chunk is laid out as a Qdrant point: the vector and payload names (part of the collection's
 * format), the point id, the point written for a chunk, the chunk read back from its payload, and the
 * filters over the payload.
 */
final class QdrantPoints {

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
    /** true when the chunk's document is published to every user. */
    static final String P_PUBLISHED = "published";
    static final String P_SOURCE_TYPE = "source_type";
    static final String P_SOURCE_EXTERNAL_ID = "source_external_id";
    static final String P_SOURCE_URL = "source_url";
    static final String P_CHUNKER = "chunker_version";

    private QdrantPoints() {
    }

    /** The point id of a chunk: the name-based UUID (type 3) of its owner-plus-chunk-id key. */
    static PointId pointId(String ownerId, String chunkId) {
        return PointIdFactory.id(UUID.nameUUIDFromBytes(ExportedChunk.key(ownerId, chunkId).getBytes(StandardCharsets.UTF_8)));
    }

    /** The point id of the chunk with this {@link ExportedChunk#key() key}. */
    static PointId pointId(String key) {
        return pointId(ExportedChunk.ownerOf(key), ExportedChunk.chunkIdOf(key));
    }

    /**
     * The chunks a user may search: their own or published ones, and {@code staged=false}, all inside the
     * query's filter.
     */
    static Filter visibleOf(String ownerId) {
        Filter ownOrPublished = Filter.newBuilder()
                .addShould(matchKeyword(P_OWNER, ownerId))
                .addShould(match(P_PUBLISHED, true))
                .build();
        return Filter.newBuilder()
                .addMust(ConditionFactory.filter(ownOrPublished))
                .addMust(match(P_STAGED, false))
                .build();
    }

    /** Every chunk of one document of one owner, staged or not. */
    static Filter documentFilter(String ownerId, UUID documentId) {
        return Filter.newBuilder()
                .addMust(matchKeyword(P_OWNER, ownerId))
                .addMust(matchKeyword(P_DOCUMENT_ID, documentId.toString()))
                .build();
    }

    /** The point of a chunk: its dense vector, its keyword vector (when any term survives analysis), its payload. */
    static PointStruct point(ExportedChunk exported, KeywordVectors keywords) {
        StoredChunk chunk = exported.chunk();
        Map<String, Vector> vectors = new HashMap<>(4);
        vectors.put(DENSE, VectorFactory.vector(chunk.vector()));
        KeywordVectors.Sparse terms = keywords.document(chunk.text());
        if (!terms.isEmpty()) { // a chunk without any keyword (only stop words) has no sparse vector
            vectors.put(KEYWORDS, VectorFactory.vector(floats(terms.values()), ints(terms.indices())));
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
        payload.put(P_PUBLISHED, value(chunk.published()));
        payload.put(P_SOURCE_TYPE, value(chunk.source().type()));
        if (chunk.source().externalId() != null) {
            payload.put(P_SOURCE_EXTERNAL_ID, value(chunk.source().externalId()));
        }
        if (chunk.source().url() != null) {
            payload.put(P_SOURCE_URL, value(chunk.source().url()));
        }
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

    /** A search hit from a point's payload. */
    static ScoredChunk scored(Map<String, Value> payload, double score) {
        return new ScoredChunk(
                string(payload, P_CHUNK_ID),
                UUID.fromString(string(payload, P_DOCUMENT_ID)),
                string(payload, P_DOCUMENT_NAME),
                (int) payload.get(P_POSITION).getIntegerValue(),
                string(payload, P_TEXT),
                score,
                integer(payload, P_PAGE),
                string(payload, P_HEADING_PATH),
                source(payload));
    }

    /** The document's source; points written before sources existed have none and are uploads. */
    private static DocumentSource source(Map<String, Value> payload) {
        String type = string(payload, P_SOURCE_TYPE);
        return type == null ? DocumentSource.upload()
                : new DocumentSource(type, string(payload, P_SOURCE_EXTERNAL_ID), string(payload, P_SOURCE_URL));
    }

    /** A chunk with everything the collection knows of it, dense vector included. */
    static ExportedChunk exported(RetrievedPoint point) {
        Map<String, Value> payload = point.getPayloadMap();
        VectorOutput vector = point.getVectors().getVectors().getVectorsMap().get(DENSE);
        DenseVector dense = VectorOutputHelper.getDenseVector(vector);
        float[] values = new float[dense == null ? 0 : dense.getDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = dense.getData(i);
        }
        StoredChunk chunk = new StoredChunk(string(payload, P_CHUNK_ID), (int) payload.get(P_POSITION).getIntegerValue(),
                string(payload, P_TEXT), values, integer(payload, P_PAGE), string(payload, P_HEADING_PATH),
                string(payload, P_CHUNKER), source(payload),
                payload.containsKey(P_PUBLISHED) && payload.get(P_PUBLISHED).getBoolValue());
        return new ExportedChunk(string(payload, P_OWNER), UUID.fromString(string(payload, P_DOCUMENT_ID)),
                string(payload, P_DOCUMENT_NAME), (int) payload.get(P_VERSION).getIntegerValue(),
                payload.get(P_STAGED).getBoolValue(), chunk);
    }

    /** The key of a point listed with only its owner and chunk id. */
    static String key(RetrievedPoint point) {
        return ExportedChunk.key(string(point.getPayloadMap(), P_OWNER), string(point.getPayloadMap(), P_CHUNK_ID));
    }

    static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    static List<Integer> ints(int[] values) {
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
}
