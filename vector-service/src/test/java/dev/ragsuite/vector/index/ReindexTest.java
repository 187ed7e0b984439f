package dev.ragsuite.vector.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.text.TextAnalysis;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.store.DimensionMismatchException;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.lucene.LuceneVectorStore;
import dev.ragsuite.vector.support.HashingEmbedder;
import dev.ragsuite.vector.support.TestIndexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-embedding the index into another model, on real Lucene folders, with two small deterministic
 * test models of different dimensions ({@code model-a}: 64, {@code model-b}: 96).
 */
class ReindexTest {

    private static final String OWNER = "alice";

    @TempDir
    Path root;

    private final HashingEmbedder modelA = new HashingEmbedder("model-a", 64);
    private HashingEmbedder modelB = new HashingEmbedder("model-b", 96);
    private IndexManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private IndexManager open(String configured, int batchSize) throws Exception {
        manager = IndexManager.open(root, configured, TestIndexes.models(modelA, modelB), FusionSettings.DEFAULTS, batchSize,
                false);
        return manager;
    }

    /** 30 visible chunks in 3 documents, each with a unique word "wordN", plus one staged version of 2 chunks. */
    private List<UUID> fill() {
        List<UUID> docs = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            UUID doc = UUID.randomUUID();
            docs.add(doc);
            List<ChunkInput> chunks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = d * 10 + i;
                chunks.add(chunk(doc + ":" + i, i, "chunk about word" + n + " and common filler"));
            }
            manager.write(OWNER, doc, "doc" + d + ".txt", null, chunks);
        }
        UUID staged = UUID.randomUUID();
        docs.add(staged);
        manager.write(OWNER, staged, "staged.txt", 1, List.of(chunk(staged + ":v1:0", 0, "staged stagedword one"),
                chunk(staged + ":v1:1", 1, "staged stagedword two")));
        return docs;
    }

    private static ChunkInput chunk(String id, int position, String text) {
        return new ChunkInput(id, position, text, 3, "Head > Sub", "chunker-1", null);
    }

    private boolean finds(String word) {
        return manager.search(OWNER, word, 5, RetrievalMode.HYBRID).stream().anyMatch(hit -> hit.text().contains(word + " "));
    }

    private void awaitState(String state) {
        TestIndexes.awaitReindex(manager, state, Duration.ofSeconds(30), status -> { });
    }

    /** A start on an index whose manifest names another text analysis re-analyses it in the background, searchable throughout. */
    @Test
    void anIndexOfAnotherTextAnalysisIsReanalysedInTheBackgroundAtStart() throws Exception {
        open("model-a", 8);
        fill();
        manager.close();
        Path folder = root.resolve("model-a-64");
        try (FSDirectory directory = FSDirectory.open(folder);
                IndexWriter raw = new IndexWriter(directory, new IndexWriterConfig())) {
            java.util.Map<String, String> manifest = new java.util.HashMap<>();
            raw.getLiveCommitData().forEach(e -> manifest.put(e.getKey(), e.getValue()));
            manifest.put("rag.analyzer", "an-older-analysis");
            raw.setLiveCommitData(manifest.entrySet());
            raw.commit();
        }

        open("model-a", 8);
        assertTrue(finds("word7"), "searchable while it runs");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!TextAnalysis.ID.equals(analysisOf(folder))) {
            assertTrue(System.nanoTime() < deadline, "re-analysed within 30 s; the manifest names " + analysisOf(folder));
            Thread.sleep(20);
        }
        assertEquals(ReindexStatus.NONE, manager.reindexStatus().state(), "nothing was embedded again");
        assertEquals(32, manager.size());
        assertTrue(finds("word7") && finds("word23"));
    }

    private static String analysisOf(Path folder) throws java.io.IOException {
        try (FSDirectory directory = FSDirectory.open(folder)) {
            return SegmentInfos.readLatestCommit(directory).getUserData().get("rag.analyzer");
        }
    }

    @Test
    void changingTheModelReembedsEveryChunkIntoANewIndexAndSwitchesOver() throws Exception {
        open("model-a", 8);
        List<UUID> docs = fill();
        assertEquals(ReindexStatus.NONE, manager.reindexStatus().state());
        manager.close();

        open("model-b", 8);
        awaitState(ReindexStatus.COMPLETED);

        ReindexStatus status = manager.reindexStatus();
        assertEquals("model-b", status.targetModel());
        assertEquals(96, status.targetDimensions());
        assertEquals(32, status.total());
        assertEquals(32, status.done());
        assertEquals("model-b", manager.model());
        assertEquals(96, manager.dimensions());
        assertEquals("model-b-96", manager.index());
        assertEquals("chunker-1", manager.chunkerVersion());
        assertEquals(32, manager.size());
        assertEquals(32, modelB.texts.get(), "every chunk embedded once with the new model");
        for (int n = 0; n < 30; n++) {
            assertTrue(finds("word" + n), "word" + n + " searchable under the new model");
        }
        UUID staged = docs.get(3);
        assertEquals(new VectorStore.Stats(2, 2, 2), manager.stats(OWNER, staged), "staged chunks stay staged");
        assertFalse(finds("stagedword"));
        manager.activate(OWNER, staged, 1);
        assertTrue(finds("stagedword"));
        ScoredChunk hit = manager.search(OWNER, "word7", 1, RetrievalMode.HYBRID).get(0);
        assertEquals(3, hit.page());
        assertEquals("Head > Sub", hit.headingPath());

        assertTrue(Files.readString(root.resolve("ACTIVE")).contains("index=model-b-96"));
        assertTrue(Files.isDirectory(root.resolve("model-a-64")), "the retired index is kept on disk by default");

        manager.close();
        open("model-b", 8); // the switch survives a restart, with nothing left to do
        ReindexStatus afterRestart = manager.reindexStatus();
        assertEquals(ReindexStatus.COMPLETED, afterRestart.state(), "the last re-index is still reported: " + afterRestart);
        assertEquals("model-b", afterRestart.targetModel());
        assertEquals(32, afterRestart.done());
        assertEquals(32, afterRestart.total());
        assertEquals("model-b", manager.model());
        assertTrue(finds("word29"));
    }

    @Test
    void searchAndWritesKeepWorkingDuringTheReindexAndWritesReachTheNewIndex() throws Exception {
        open("model-a", 4);
        List<UUID> docs = fill();
        manager.close();

        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        modelB.beforeBatch = batch -> {
            if (batch == 2 && Thread.currentThread().getName().equals("vector-reindex")) {
                paused.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        open("model-b", 4);
        assertTrue(paused.await(30, TimeUnit.SECONDS), "the re-index reached its second batch");

        ReindexStatus running = manager.reindexStatus();
        assertEquals(ReindexStatus.RUNNING, running.state());
        assertEquals(32, running.total());
        assertTrue(running.done() < running.total());
        assertEquals("model-a", manager.model(), "the old index serves until the switch");
        assertTrue(finds("word5"), "search answers during the re-index");
        assertTrue(finds("word25"));

        UUID added = UUID.randomUUID();
        manager.write(OWNER, added, "new.txt", null, List.of(chunk(added + ":0", 0, "freshly added newword chunk")));
        assertTrue(finds("newword"), "a write during the re-index is visible at once");
        manager.deleteDocument(OWNER, docs.get(2)); // words 20..29, not yet copied (batches are in key order, not document order)
        manager.write(OWNER, docs.get(0), "doc0.txt", null, List.of(chunk(docs.get(0) + ":0", 0, "rewritten rewrittenword text")));
        manager.activate(OWNER, docs.get(3), 1);

        resume.countDown();
        awaitState(ReindexStatus.COMPLETED);

        assertEquals("model-b", manager.model());
        assertTrue(finds("newword"), "the write made during the re-index is in the new index");
        assertTrue(finds("rewrittenword"));
        assertFalse(finds("word0"), "the overwritten text is not resurrected by the copy");
        for (int n = 20; n < 30; n++) {
            assertFalse(finds("word" + n), "deleted chunk word" + n + " not resurrected by the copy");
        }
        assertEquals(0, manager.countDocument(OWNER, docs.get(2)));
        assertTrue(finds("stagedword"), "the activation made during the re-index holds in the new index");
        assertEquals(new VectorStore.Stats(2, 2, 0), manager.stats(OWNER, docs.get(3)));
        assertEquals(30 - 10 + 2 + 1, manager.size());
    }

    @Test
    void restartInTheMiddleResumesWithoutReembeddingWhatWasCopied() throws Exception {
        open("model-a", 4);
        fill();
        manager.close();

        // Stop the service while the third batch is being embedded: close() lets that batch finish, then stops.
        AtomicReference<IndexManager> running = new AtomicReference<>();
        CountDownLatch stopping = new CountDownLatch(1);
        modelB.beforeBatch = batch -> {
            if (batch == 3) {
                TestIndexes.await(() -> running.get() != null, "the manager to be opened");
                new Thread(running.get()::close, "test-shutdown").start();
                TestIndexes.await(() -> !running.get().isOpen(), "shutdown to begin");
                stopping.countDown();
            }
        };
        IndexManager first = open("model-b", 4);
        running.set(first);
        assertTrue(stopping.await(30, TimeUnit.SECONDS), "the shutdown hit the re-index mid-way");
        first.close(); // idempotent; waits for the copy to stop
        long copiedBefore = first.reindexStatus().done();
        assertEquals(12, copiedBefore, "stopped after the third batch of 4");
        assertEquals("index=model-a-64", Files.readAllLines(root.resolve("ACTIVE")).stream()
                .filter(l -> l.startsWith("index=")).findFirst().orElseThrow(), "not switched yet");

        modelB = new HashingEmbedder("model-b", 96);
        open("model-b", 4);
        awaitState(ReindexStatus.COMPLETED);
        assertEquals("model-b", manager.model());
        assertEquals(32, manager.size());
        assertEquals(32 - copiedBefore, modelB.texts.get(), "only the chunks not yet copied are embedded again");
        for (int n = 0; n < 30; n++) {
            assertTrue(finds("word" + n), "word" + n);
        }
    }

    @Test
    void vectorsOfTheWrongDimensionAreRefusedAndNothingIsStored() throws Exception {
        open("model-a", 8);
        UUID doc = UUID.randomUUID();
        float[] fits = modelA.embed("fits");
        List<ChunkInput> batch = List.of(
                new ChunkInput(doc + ":0", 0, "fits", null, null, null, fits),
                new ChunkInput(doc + ":1", 1, "too long", null, null, null, new float[96]));
        DimensionMismatchException refused = assertThrows(DimensionMismatchException.class,
                () -> manager.write(OWNER, doc, "d.txt", null, batch));
        assertEquals(64, refused.expected());
        assertEquals(96, refused.actual());
        assertEquals(0, manager.countDocument(OWNER, doc));

        manager.write(OWNER, doc, "d.txt", null, batch.subList(0, 1));
        assertEquals(1, manager.countDocument(OWNER, doc));
        manager.close();
        manager = null;

        // the store itself guards too, whoever calls it
        try (LuceneVectorStore store = new LuceneVectorStore(root.resolve("model-a-64"), "model-a", 64, FusionSettings.DEFAULTS)) {
            assertThrows(DimensionMismatchException.class,
                    () -> store.upsert(OWNER, doc, "d.txt", List.of(new StoredChunk("x", 0, "x", new float[8]))));
            assertThrows(DimensionMismatchException.class,
                    () -> store.search(OWNER, "x", new float[96], 3, RetrievalMode.HYBRID));
        }
    }

    @Test
    void anIndexOfTheSingleFolderLayoutIsMovedIntoItsModelFolderWithItsChunks() throws Exception {
        UUID doc = UUID.randomUUID();
        try (LuceneVectorStore legacy = new LuceneVectorStore(root, "model-a", 64, FusionSettings.DEFAULTS)) {
            legacy.upsert(OWNER, doc, "old.txt", List.of(new StoredChunk(doc + ":0", 0, "legacy oldword chunk",
                    modelA.embed("legacy oldword chunk"))));
        }
        open("model-a", 8);
        assertEquals("model-a-64", manager.index());
        assertTrue(Files.isDirectory(root.resolve("model-a-64")));
        assertFalse(Files.exists(root.resolveSibling(root.getFileName() + ".migrating")));
        assertEquals(1, manager.countDocument(OWNER, doc));
        assertTrue(finds("oldword"));
        assertEquals(ReindexStatus.NONE, manager.reindexStatus().state());
    }

    @Test
    void aFolderWhoseManifestNamesAnotherModelIsRefusedWithAClearMessage() throws Exception {
        open("model-a", 8);
        fill();
        manager.close();
        manager = null;
        // an operator copies model-a's folder to where model-b's index belongs
        Path wrong = root.resolve("model-b-96");
        Files.createDirectories(wrong);
        try (var files = Files.list(root.resolve("model-a-64"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(file, wrong.resolve(file.getFileName()));
            }
        }
        Files.writeString(root.resolve("ACTIVE"), "model=model-b\ndimensions=96\nindex=model-b-96\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open("model-b", 8));
        assertTrue(refused.getMessage().contains("64"), refused.getMessage());
    }
}
