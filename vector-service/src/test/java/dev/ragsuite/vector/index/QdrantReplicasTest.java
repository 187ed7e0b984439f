package dev.ragsuite.vector.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RequiresEnv;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.store.IndexMarkers;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.qdrant.QdrantStoreFactory;
import dev.ragsuite.vector.support.HashingEmbedder;
import dev.ragsuite.vector.support.InMemoryLease;
import dev.ragsuite.vector.support.TestIndexes;
import io.opentelemetry.api.OpenTelemetry;
import io.qdrant.client.grpc.Collections.AliasDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two vector-service replicas (two {@link IndexManager}s, each with its own Qdrant connection and its own
 * empty index directory) sharing one index on a real Qdrant server, when {@code QDRANT_URL} names one;
 * skipped otherwise (with a {@code SKIPPED:} line). The state is Qdrant's alone: the alias
 * {@code <prefix>_active} and the collections' metadata. The lease is in memory here (in production Redis).
 */
@RequiresEnv(value = "QDRANT_URL", needs = "Qdrant server (gRPC, e.g. http://127.0.0.1:6334)")
class QdrantReplicasTest {

    private static final String URL = System.getenv("QDRANT_URL");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String OWNER = "alice";

    private final String prefix = "rag_replicas_" + UUID.randomUUID().toString().substring(0, 8);
    private final HashingEmbedder modelA = new HashingEmbedder("model-a", 16);
    private final HashingEmbedder modelB = new HashingEmbedder("model-b", 24);
    private final Function<String, Embedder> models = TestIndexes.models(modelA, modelB);
    private final Replicas replicas = new Replicas(new InMemoryLease(), Duration.ofMillis(200), Duration.ofMillis(500));

    @TempDir
    Path rootA;
    @TempDir
    Path rootB;

    private IndexManager replica(Path root, String model) throws Exception {
        return IndexManager.open(root, factory(), model, models, 8, false, replicas);
    }

    private QdrantStoreFactory factory() {
        return new QdrantStoreFactory(QdrantStoreFactory.connect(URL, Optional.ofNullable(System.getenv("QDRANT_API_KEY")),
                TIMEOUT), prefix, FusionSettings.DEFAULTS, TIMEOUT, 64, 60, OpenTelemetry.noop().getTracer("test"));
    }

    @AfterEach
    void dropCollections() throws Exception {
        try (QdrantStoreFactory factory = factory()) {
            for (String index : factory.indexes()) {
                factory.delete(index); // its aliases go with it
            }
        }
    }

    private static List<ChunkInput> chunks(UUID doc, String word, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new ChunkInput(doc + ":" + i, i, "chunk about " + word + i, null, null, null, null)).toList();
    }

    /** The collection the alias {@code <prefix>_active} names, read from Qdrant directly. */
    private String aliased() throws Exception {
        var client = QdrantStoreFactory.connect(URL, Optional.ofNullable(System.getenv("QDRANT_API_KEY")), TIMEOUT);
        try {
            return client.listAliasesAsync(TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .filter(alias -> alias.getAliasName().equals(prefix + "_active"))
                    .map(AliasDescription::getCollectionName).findFirst().orElse("(none)");
        } finally {
            client.close();
        }
    }

    @Test
    void twoReplicasShareOneIndexAndOneFollowsTheOthersModelSwitch() throws Exception {
        IndexManager a = replica(rootA, "model-a");
        IndexManager b = replica(rootB, "model-a");
        try {
            assertEquals(prefix + "_model-a_16", a.index());
            assertEquals(a.index(), b.index());
            assertEquals(a.index(), aliased(), "the alias names the active collection");
            assertFalse(Files.exists(rootA.resolve(QdrantStoreFactory.POINTER)), "no local marker");

            UUID doc = UUID.randomUUID();
            a.write(OWNER, doc, "d.txt", null, chunks(doc, "word", 20));
            assertEquals(doc + ":7", b.search(OWNER, "word7", 1, RetrievalMode.HYBRID).get(0).chunkId(),
                    "a write through A is searchable through B");
            UUID gone = UUID.randomUUID();
            b.write(OWNER, gone, "gone.txt", null, chunks(gone, "gone", 5));
            assertEquals(5, a.countDocument(OWNER, gone));
            assertEquals(5, a.deleteDocument(OWNER, gone));
            assertEquals(0, b.countDocument(OWNER, gone));

            a.close(); // a rolling update: A comes back configured for model-b
            a = replica(rootA, "model-b");
            IndexManager copier = a;
            assertTrue(copier.copying(), "A took the lease");
            TestIndexes.awaitReindex(copier, ReindexStatus.COMPLETED, Duration.ofSeconds(120),
                    status -> assertNotEquals(ReindexStatus.FAILED, status.state(), status.toString()));
            assertEquals(prefix + "_model-b_24", a.index());
            assertEquals(a.index(), aliased(), "the alias was switched");
            TestIndexes.await(() -> b.index().equals(copier.index()), "B to follow the switch");
            assertEquals("model-b", b.model());
            assertEquals(20, b.size());
            assertEquals(doc + ":7", b.search(OWNER, "word7", 1, RetrievalMode.HYBRID).get(0).chunkId());
            UUID late = UUID.randomUUID();
            b.write(OWNER, late, "late.txt", null, chunks(late, "late", 3));
            assertEquals(3, a.countDocument(OWNER, late));
            TestIndexes.await(() -> ReindexStatus.COMPLETED.equals(b.reindexStatus().state()), "B to read the outcome");
        } finally {
            a.close();
            b.close();
        }
        // a third replica started from nothing but Qdrant serves the same index
        try (IndexManager c = replica(Files.createTempDirectory("replica-c"), "model-b")) {
            assertEquals(prefix + "_model-b_24", c.index());
            assertEquals(23, c.size());
            assertEquals(ReindexStatus.COMPLETED, c.reindexStatus().state());
        }
    }

    @Test
    void anActiveQdrantMarkerOfAnOlderVersionIsAdoptedOnce() throws Exception {
        String collection = prefix + "_model-a_16";
        try (QdrantStoreFactory factory = factory()) {
            factory.open(collection, "model-a", 16).close(); // made by the older version
        }
        new IndexMarkers(rootA, QdrantStoreFactory.POINTER).writeActive(new IndexPointer("model-a", 16, collection));
        try (IndexManager a = replica(rootA, "model-a")) {
            assertEquals(collection, a.index());
            assertEquals(collection, aliased());
            assertFalse(Files.exists(rootA.resolve(QdrantStoreFactory.POINTER)));
            assertTrue(Files.exists(rootA.resolve(QdrantStoreFactory.POINTER + ".adopted")));
        }
    }
}
