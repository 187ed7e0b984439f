package dev.ragsuite.vector.store;

import dev.ragsuite.common.vector.RetrievalMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged versions, atomic activation and the index manifest, on a real Lucene folder. */
class DocumentVersionsTest {

    private static final int DIMS = 16;
    private static final String OWNER = "alice";

    @TempDir
    Path dir;

    private LuceneVectorStore store;

    @BeforeEach
    void open() throws Exception {
        store = new LuceneVectorStore(dir, "test-model", DIMS, FusionSettings.DEFAULTS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void stagedChunksAreInvisibleUntilTheirVersionIsActivated() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 3, "lighthouse keeper"));

        assertTrue(store.search(OWNER, "lighthouse keeper", LuceneVectorStoreTest.vector(1), 10, RetrievalMode.HYBRID).isEmpty(),
                "neither keyword nor dense search may see staged chunks");
        assertEquals(new VectorStore.Stats(3, 3, 3), store.stats(OWNER, doc));

        VectorStore.Activation activation = store.activate(OWNER, doc, 1);

        assertEquals(new VectorStore.Activation(3, 0), activation);
        assertEquals(3, store.search(OWNER, "lighthouse keeper", LuceneVectorStoreTest.vector(1), 10, RetrievalMode.HYBRID).size());
        assertEquals(new VectorStore.Stats(3, 3, 0), store.stats(OWNER, doc));
        assertEquals(new VectorStore.Activation(3, 0), store.activate(OWNER, doc, 1), "activation is idempotent");
    }

    @Test
    void activatingANewVersionReplacesTheOldOneInOneStep() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 4, "old harbour"));
        store.activate(OWNER, doc, 1);
        store.stage(OWNER, doc, "a.txt", 2, chunks(doc, 2, 2, "new harbour"));

        assertEquals(Set.of("old harbour"), texts(store.search(OWNER, "harbour", LuceneVectorStoreTest.vector(1), 10, RetrievalMode.HYBRID)),
                "the old version stays searchable while the new one is staged");

        VectorStore.Activation activation = store.activate(OWNER, doc, 2);

        assertEquals(new VectorStore.Activation(2, 4), activation);
        assertEquals(Set.of("new harbour"), texts(store.search(OWNER, "harbour", LuceneVectorStoreTest.vector(1), 10, RetrievalMode.HYBRID)));
        assertEquals(new VectorStore.Stats(2, 2, 0), store.stats(OWNER, doc));
    }

    @Test
    void readersNeverSeeBothVersionsOrNeither() throws Exception {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 5, "tide table"));
        store.activate(OWNER, doc, 1);
        AtomicBoolean done = new AtomicBoolean();
        Set<String> observed = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                List<ScoredChunk> hits = store.search(OWNER, "tide table", LuceneVectorStoreTest.vector(1), 20, RetrievalMode.HYBRID);
                Set<String> versions = hits.stream().map(h -> h.chunkId().split(":")[1]).collect(Collectors.toSet());
                observed.add(hits.size() + " chunks of " + String.join("|", versions.stream().sorted().toList()));
            }
        });
        reader.start();
        for (int version = 2; version <= 15; version++) {
            store.stage(OWNER, doc, "a.txt", version, chunks(doc, version, 5, "tide table"));
            store.activate(OWNER, doc, version);
        }
        done.set(true);
        reader.join();
        assertTrue(observed.size() > 1, "the reader should have seen several versions: " + observed);
        for (String seen : observed) {
            assertTrue(seen.startsWith("5 chunks of v") && !seen.contains("|"), "one whole version at a time: " + seen);
        }
    }

    @Test
    void discardRemovesOnlyStagedChunksOfThatVersion() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 2, "first"));
        store.activate(OWNER, doc, 1);
        store.stage(OWNER, doc, "a.txt", 2, chunks(doc, 2, 3, "second"));

        assertEquals(3, store.discard(OWNER, doc, 2));
        assertEquals(0, store.discard(OWNER, doc, 1), "an active version is not discarded");
        assertEquals(new VectorStore.Stats(2, 2, 0), store.stats(OWNER, doc));
    }

    @Test
    void rerunOfAVersionOverwritesInsteadOfDuplicating() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 3, "same"));
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 3, "same"));
        store.activate(OWNER, doc, 1);
        assertEquals(new VectorStore.Stats(3, 3, 0), store.stats(OWNER, doc));
    }

    @Test
    void deleteRemovesStagedAndVisibleChunksAndStatsSayZero() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, chunks(doc, 1, 2, "x"));
        store.activate(OWNER, doc, 1);
        store.stage(OWNER, doc, "a.txt", 2, chunks(doc, 2, 3, "y"));
        assertEquals(5, store.deleteDocument(OWNER, doc));
        assertEquals(new VectorStore.Stats(0, 0, 0), store.stats(OWNER, doc));
    }

    @Test
    void manifestPersistsAcrossRestartAndRefusesAnotherModelOrDimension() throws Exception {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "a.txt", chunks(doc, 1, 1, "x"));
        store.close();

        store = new LuceneVectorStore(dir, "test-model", DIMS, FusionSettings.DEFAULTS);
        assertEquals("test-model", store.model());
        assertEquals(DIMS, store.dimensions());
        store.close();

        IllegalStateException otherModel = assertThrows(IllegalStateException.class,
                () -> new LuceneVectorStore(dir, "other-model", DIMS, FusionSettings.DEFAULTS));
        assertTrue(otherModel.getMessage().contains("test-model"), otherModel.getMessage());
        assertThrows(IllegalStateException.class, () -> new LuceneVectorStore(dir, "test-model", DIMS * 2, FusionSettings.DEFAULTS));
        store = new LuceneVectorStore(dir, "test-model", DIMS, FusionSettings.DEFAULTS); // still opens as before
        assertEquals(1, store.stats(OWNER, doc).vectors());
    }

    private static List<StoredChunk> chunks(UUID doc, int version, int count, String text) {
        return IntStream.range(0, count)
                .mapToObj(i -> new StoredChunk(doc + ":v" + version + ":" + i, i, text, LuceneVectorStoreTest.vector(1), 1, "H"))
                .toList();
    }

    private static Set<String> texts(List<ScoredChunk> hits) {
        return hits.stream().map(ScoredChunk::text).collect(Collectors.toSet());
    }
}
