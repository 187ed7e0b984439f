package dev.ragsuite.vector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ragsuite.testing.RequiresEnv;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.index.IndexManager;
import dev.ragsuite.vector.index.ReindexLease;
import dev.ragsuite.vector.index.Replicas;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.qdrant.QdrantStoreFactory;
import dev.ragsuite.vector.store.qdrant.QdrantVectorStore;
import dev.ragsuite.vector.support.HashingEmbedder;
import dev.ragsuite.vector.support.TestIndexes;
import io.qdrant.client.QdrantClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on a real Qdrant server, when {@code QDRANT_URL} names one (e.g.
 * {@code QDRANT_URL=http://localhost:6334}; {@code QDRANT_API_KEY} if it needs one); skipped otherwise.
 * Each test gets a fresh collection {@code rag_contract_<run>_<n>}, dropped after it. Upserts go in
 * batches of 64, so the 300-chunk test spans several requests. Beyond the contract: re-embedding
 * through {@link IndexManager} into a second collection.
 */
@RequiresEnv(value = "QDRANT_URL", needs = "Qdrant server (gRPC, e.g. http://127.0.0.1:6334)")
class QdrantVectorStoreContractTest extends VectorStoreContract {

    private static final String URL = System.getenv("QDRANT_URL");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String RUN = "rag_contract_" + UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static QdrantClient client;

    private final String collection = RUN + "_" + TESTS.incrementAndGet();

    @BeforeAll
    static void connect() {
        client = QdrantStoreFactory.connect(URL, Optional.ofNullable(System.getenv("QDRANT_API_KEY")), TIMEOUT);
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected VectorStore open(String model, int dimensions) {
        return new QdrantVectorStore(client, collection, model, dimensions, FusionSettings.DEFAULTS, TIMEOUT, 64, 60,
                io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"));
    }

    /** Re-embedding through {@link IndexManager} works on collections as on folders: a new collection, then the alias. */
    @Test
    void reEmbeddingFillsANewCollectionAndSwitchesToIt(@TempDir Path root) throws Exception {
        HashingEmbedder modelA = new HashingEmbedder("model-a", 16);
        HashingEmbedder modelB = new HashingEmbedder("model-b", 24);
        Function<String, Embedder> models = TestIndexes.models(modelA, modelB);
        String prefix = collection + "_ri";
        UUID doc = UUID.randomUUID();
        try {
            try (IndexManager manager = IndexManager.open(root, factory(prefix), "model-a", models, 8, true)) {
                assertEquals(prefix + "_model-a_16", manager.index());
                assertEquals("qdrant", manager.backend());
                manager.write("alice", doc, "d.txt", null, IntStream.range(0, 20)
                        .mapToObj(i -> new ChunkInput(doc + ":" + i, i, "chunk about word" + i, null, null, null, null))
                        .toList());
            }
            // one replica; a short follow interval, so the announcement wait and the delayed retirement are short
            Replicas alone = new Replicas(ReindexLease.LOCAL, Duration.ofMillis(100), Duration.ofMillis(500));
            try (IndexManager manager = IndexManager.open(root, factory(prefix), "model-b", models, 8, true, alone)) {
                TestIndexes.awaitReindex(manager, ReindexStatus.COMPLETED, Duration.ofSeconds(60),
                        status -> assertNotEquals(ReindexStatus.FAILED, status.state(), status.toString()));
                assertEquals(ReindexStatus.COMPLETED, manager.reindexStatus().state());
                assertEquals(prefix + "_model-b_24", manager.index());
                assertEquals(20, manager.size());
                assertEquals(doc + ":7", manager.search("alice", "word7", 1, RetrievalMode.HYBRID).get(0).chunkId());
                try (QdrantStoreFactory factory = factory(prefix)) {
                    // deleted once replicas that have not read the switch yet can no longer be searching it
                    TestIndexes.await(() -> indexes(factory).equals(List.of(prefix + "_model-b_24")),
                            "the retired collection to be deleted");
                }
            }
        } finally {
            try (QdrantStoreFactory factory = factory(prefix)) {
                for (String index : factory.indexes()) {
                    factory.delete(index);
                }
            }
        }
    }

    private static List<String> indexes(QdrantStoreFactory factory) {
        try {
            return factory.indexes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static QdrantStoreFactory factory(String prefix) {
        return new QdrantStoreFactory(QdrantStoreFactory.connect(URL, Optional.ofNullable(System.getenv("QDRANT_API_KEY")),
                TIMEOUT), prefix, FusionSettings.DEFAULTS, TIMEOUT, 64, 60,
                io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"));
    }

    @AfterEach
    void dropCollection() throws Exception {
        if (client.collectionExistsAsync(collection, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            client.deleteCollectionAsync(collection, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
