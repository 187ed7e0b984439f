package dev.ragsuite.vector.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded index merged down while idle ({@link LuceneCompaction}, {@link LuceneVectorStore#compactIfIdle()}). */
class LuceneCompactionTest {

    private static final String MODEL = "test-model";
    private static final int DIMS = 16;
    private static final String[] WORDS = {"tide", "moon", "harbour", "granite", "river", "delta", "glacier", "basalt"};

    @TempDir
    Path dir;

    /**
     * Three documents written one by one are three segments (one commit each, under the merge policy's four a
     * tier); once no write has come for the idle time the store merges them into one on its own thread, and every
     * search answers exactly as before.
     */
    @Test
    void anIdleIndexIsMergedIntoOneSegmentAndAnswersAsBefore() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir, MODEL, DIMS, FusionSettings.DEFAULTS,
                new LuceneCompaction(Duration.ofMillis(300), 5120))) {
            writeDocuments(store, 3);
            assertEquals(3, store.segments(), "one segment per write before the idle time");
            List<List<String>> before = searches(store);

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.compactions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, store.compactions(), "compacted once by the store's own thread");
            assertEquals(1, store.segments());
            assertEquals(before, searches(store));
            assertEquals(3 * 20, store.size());
            assertFalse(store.compactIfIdle(), "nothing left to merge");
        }
        try (LuceneVectorStore reopened = new LuceneVectorStore(dir, MODEL, DIMS, FusionSettings.DEFAULTS, LuceneCompaction.OFF)) {
            assertEquals(1, reopened.segments(), "the compaction was committed");
            assertEquals(3 * 20, reopened.size());
        }
    }

    /** A write starts the idle time again: right after one nothing is merged, however many segments there are. */
    @Test
    void aWriteStartsTheIdleTimeAgain() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir, MODEL, DIMS, FusionSettings.DEFAULTS,
                new LuceneCompaction(Duration.ofMinutes(10), 5120))) {
            writeDocuments(store, 3);
            assertFalse(store.compactIfIdle());
            assertEquals(3, store.segments());
            assertEquals(0, store.compactions());
        }
    }

    /** With compaction off the store never merges on its own: the segments stay as the merge policy left them. */
    @Test
    void offNeverCompacts() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir, MODEL, DIMS, FusionSettings.DEFAULTS, LuceneCompaction.OFF)) {
            writeDocuments(store, 3);
            Thread.sleep(300);
            assertFalse(store.compactIfIdle());
            assertEquals(3, store.segments());
        }
    }

    /** An index needs one segment per largest segment's worth of bytes, and at least one. */
    @Test
    void theSegmentsAnIndexNeedsFollowItsSize() {
        LuceneCompaction compaction = new LuceneCompaction(Duration.ofSeconds(30), 100);
        long mb = 1024 * 1024;
        assertEquals(1, compaction.segmentsFor(0));
        assertEquals(1, compaction.segmentsFor(100 * mb));
        assertEquals(2, compaction.segmentsFor(100 * mb + 1));
        assertEquals(10, compaction.segmentsFor(1000 * mb));
        assertTrue(LuceneCompaction.DEFAULTS.enabled());
        assertFalse(LuceneCompaction.OFF.enabled());
        assertThrows(IllegalArgumentException.class, () -> new LuceneCompaction(Duration.ofSeconds(-1), 100));
        assertThrows(IllegalArgumentException.class, () -> new LuceneCompaction(Duration.ofSeconds(1), 0));
    }

    /** Each segment's graph search has a beam of at least 160, all of them together at least 640. */
    @Test
    void theBeamCoversOneSegmentAsWellAsMany() {
        assertEquals(640, LuceneVectorStore.knnBeam(40, 1));
        assertEquals(320, LuceneVectorStore.knnBeam(40, 2));
        assertEquals(214, LuceneVectorStore.knnBeam(40, 3));
        assertEquals(160, LuceneVectorStore.knnBeam(40, 4));
        assertEquals(160, LuceneVectorStore.knnBeam(40, 14));
        assertEquals(800, LuceneVectorStore.knnBeam(800, 1));
        assertEquals(640, LuceneVectorStore.knnBeam(40, 0));
    }

    private static void writeDocuments(LuceneVectorStore store, int documents) {
        Random random = new Random(16);
        for (int d = 0; d < documents; d++) {
            UUID doc = UUID.nameUUIDFromBytes(("doc-" + d).getBytes());
            List<StoredChunk> chunks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " chunk " + d + "-" + i;
                chunks.add(new StoredChunk(doc + ":" + i, i, text, vector(random)));
            }
            store.upsert("alice", doc, "doc-" + d + ".txt", chunks);
        }
    }

    /** The chunk ids (in order) of a few hybrid, dense and keyword searches. */
    private static List<List<String>> searches(LuceneVectorStore store) {
        Random random = new Random(7);
        List<List<String>> hits = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            float[] vector = vector(random);
            String text = WORDS[q] + " " + WORDS[q + 4];
            for (RetrievalMode mode : RetrievalMode.values()) {
                hits.add(store.search("alice", text, vector, 10, mode).stream().map(ScoredChunk::chunkId).toList());
            }
        }
        assertTrue(hits.stream().allMatch(h -> !h.isEmpty()), "every search finds something");
        return hits;
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIMS];
        double norm = 0;
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMS; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
