package dev.ragsuite.vector.store.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.store.hybrid.FusionSettings;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The factory without a Qdrant server: collection names, URL handling, and that a call to a port where
 * nothing listens fails within the deadline (which also loads the gRPC and protobuf classes the client
 * needs beside Quarkus's pinned gRPC), and the client's messages on the protobuf runtime in use.
 */
class QdrantStoreFactoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void collectionNamesArePerModelAndDimensionsAndSafe() {
        try (QdrantStoreFactory factory = factory("http://127.0.0.1:6334")) {
            assertEquals("rag_all-minilm-l6-v2_384", factory.indexName("all-minilm-l6-v2", 384));
            assertEquals("rag_bge-small-en-v1_5-q_384", factory.indexName("bge-small-en-v1.5-q", 384));
            assertEquals("rag_ollama_nomic-embed-text_latest_768", factory.indexName("ollama:nomic-embed-text:latest", 768));
            assertEquals("qdrant", factory.backend());
            assertEquals("rag_active", QdrantIndexState.alias("rag"));
            assertTrue(factory.state(java.nio.file.Path.of("/nonexistent")).shared());
        }
    }

    @Test
    void urlsOtherThanHttpOrHttpsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> QdrantStoreFactory.connect("localhost:6334", Optional.empty(), TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> QdrantStoreFactory.connect("grpc://host:6334", Optional.empty(), TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> QdrantStoreFactory.connect("http://", Optional.empty(), TIMEOUT));
    }

    @Test
    void anUnreachableServerFailsWithinTheDeadline() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try (QdrantStoreFactory factory = factory("http://127.0.0.1:" + port)) {
            long started = System.nanoTime();
            Optional<String> problem = factory.probe();
            assertTrue(problem.isPresent(), "the probe reports the failure");
            assertTrue(problem.get().contains("check its health"), problem.get());
            UncheckedIOException opening = assertThrows(UncheckedIOException.class,
                    () -> factory.open("rag_x_8", "x", 8));
            assertTrue(opening.getMessage().contains("rag_x_8"), opening.getMessage());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "bounded by the deadlines");
        }
    }

    /** The client's generated messages (protobuf 3.25 gencode) work on the protobuf runtime Quarkus pins. */
    @Test
    void theClientsMessagesRoundTripOnTheProtobufRuntimeInUse() throws Exception {
        KeywordVectors.Sparse terms;
        try (KeywordVectors keywords = new KeywordVectors(60)) {
            terms = keywords.document("Nikola Tesla died in New York");
        }
        List<Float> values = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < terms.indices().length; i++) {
            values.add(terms.values()[i]);
            indices.add(terms.indices()[i]);
        }
        UpsertPoints upsert = UpsertPoints.newBuilder()
                .setCollectionName("rag_x_3")
                .setWait(true)
                .addPoints(PointStruct.newBuilder()
                        .setId(QdrantPoints.pointId("alice", "doc:v1:0"))
                        .setVectors(VectorsFactory.namedVectors(Map.of(
                                QdrantPoints.DENSE, VectorFactory.vector(0.1f, 0.2f, 0.3f),
                                QdrantPoints.KEYWORDS, VectorFactory.vector(values, indices))))
                        .putPayload(QdrantPoints.P_OWNER, ValueFactory.value("alice"))
                        .putPayload(QdrantPoints.P_STAGED, ValueFactory.value(true)))
                .build();
        UpsertPoints parsed = UpsertPoints.parseFrom(upsert.toByteArray());
        assertEquals(upsert, parsed);
        assertEquals(indices, parsed.getPoints(0).getVectors().getVectors().getVectorsMap()
                .get(QdrantPoints.KEYWORDS).getSparse().getIndicesList(), "unsigned indices survive the wire");
        QueryPoints query = QueryPoints.newBuilder()
                .setCollectionName("rag_x_3")
                .setQuery(QueryFactory.nearest(values, indices))
                .setUsing(QdrantPoints.KEYWORDS)
                .setFilter(QdrantPoints.visibleOf("alice"))
                .setLimit(20)
                .build();
        assertEquals(query, QueryPoints.parseFrom(query.toByteArray()));
        assertEquals(QdrantPoints.pointId("alice", "doc:v1:0"), QdrantPoints.pointId("alice", "doc:v1:0"));
        assertNotEquals(QdrantPoints.pointId("alice", "doc:v1:0"), QdrantPoints.pointId("bob", "doc:v1:0"));
    }

    private static QdrantStoreFactory factory(String url) {
        return new QdrantStoreFactory(QdrantStoreFactory.connect(url, Optional.of("secret"), TIMEOUT), "rag",
                FusionSettings.DEFAULTS, TIMEOUT, 64, 60,
                io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"));
    }
}
