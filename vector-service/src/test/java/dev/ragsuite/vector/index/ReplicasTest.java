package dev.ragsuite.vector.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.lucene.LuceneFolders;
import dev.ragsuite.vector.support.HashingEmbedder;
import dev.ragsuite.vector.support.InMemoryIndexState;
import dev.ragsuite.vector.support.InMemoryLease;
import dev.ragsuite.vector.support.SharedStores;
import dev.ragsuite.vector.support.TestIndexes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@link IndexManager}s ("replicas") sharing one index and one shared state, as vector-service
 * replicas share a Qdrant server: the state in memory ({@link InMemoryIndexState}, standing in for the
 * alias and the collection metadata), the lease in memory, the indexes real Lucene indexes opened once
 * and shared ({@link SharedStores}). The follow interval is 250 ms, so the copier waits 1.25 s after
 * announcing and a replica refuses writes 1 s after its last good read.
 */
class ReplicasTest {

    private static final String OWNER = "alice";
    /** Long enough that a loaded 2-core machine runs each replica's reader well within the write fence (4 ×). */
    private static final Duration FOLLOW = Duration.ofMillis(250);

    @TempDir
    Path root;

    private final HashingEmbedder modelA = new HashingEmbedder("model-a", 64);
    private final HashingEmbedder modelB = new HashingEmbedder("model-b", 96);
    private final InMemoryIndexState state = new InMemoryIndexState();
    private final InMemoryLease lease = new InMemoryLease();
    private SharedStores stores;
    private final List<IndexManager> replicas = new ArrayList<>();

    @AfterEach
    void close() {
        for (IndexManager replica : replicas) {
            replica.close();
        }
    }

    private IndexManager replica(String configured) throws Exception {
        if (stores == null) {
            stores = new SharedStores(root, state);
        }
        IndexManager manager = IndexManager.open(root, stores.view(), configured, TestIndexes.models(modelA, modelB), 64,
                false, new Replicas(lease, FOLLOW, Duration.ofSeconds(1)));
        replicas.add(manager);
        return manager;
    }

    private static ChunkInput chunk(String id, int position, String text) {
        return new ChunkInput(id, position, text, null, null, null, null);
    }

    /** A document of {@code n} chunks, each with the unique word {@code <word><i>}. */
    private static UUID write(IndexManager through, String word, int n) {
        UUID doc = UUID.randomUUID();
        List<ChunkInput> chunks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunks.add(chunk(doc + ":" + i, i, "chunk about " + word + i + " and common filler"));
        }
        through.write(OWNER, doc, word + ".txt", null, chunks);
        return doc;
    }

    private static List<String> hits(IndexManager through, String query) {
        return through.search(OWNER, query, 5, RetrievalMode.BM25).stream().map(ScoredChunk::chunkId).toList();
    }

    @Test
    void writesThroughOneReplicaAreSearchableThroughTheOther() throws Exception {
        IndexManager a = replica("model-a");
        IndexManager b = replica("model-a");
        assertEquals(a.index(), b.index());
        UUID doc = write(a, "alpha", 3);
        assertEquals(List.of(doc + ":1"), hits(b, "alpha1").subList(0, 1));
        assertEquals(3L, b.deleteDocument(OWNER, doc));
        assertEquals(0, a.countDocument(OWNER, doc));
        assertEquals(1, state.switches.get(), "the fresh install made the index active once");
        assertEquals(0, lease.granted.get(), "no re-index, no lease");
    }

    /**
     * A rolling update to model-b: replica A restarts configured for it, takes the lease and copies; replica B
     * (still configured for model-a) dual-writes to the announced target and follows the switch. During the
     * copy, between A reading a batch and writing it to the new index, B deletes a document of that batch and
     * writes a new one, and A writes one: the deleted document is not resurrected, both new ones reach the new
     * index, and searches through B never fail.
     */
    @Test
    void aModelSwitchByOneReplicaIsFollowedByTheOtherWithoutResurrectingADeleteMadeDuringTheCopy() throws Exception {
        IndexManager first = replica("model-a");
        IndexManager b = replica("model-a");
        UUID deleted = write(first, "doomed", 10);
        UUID kept = write(first, "kept", 10);
        first.close();
        replicas.remove(first);

        AtomicBoolean searching = new AtomicBoolean(true);
        AtomicReference<Throwable> searchFailure = new AtomicReference<>();
        AtomicInteger searches = new AtomicInteger();
        Thread searcher = new Thread(() -> {
            while (searching.get()) {
                try {
                    List<String> found = hits(b, "kept3");
                    if (found.isEmpty() || !found.get(0).equals(kept + ":3")) {
                        throw new AssertionError("kept3 not found first: " + found);
                    }
                    searches.incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                    searchFailure.compareAndSet(null, e);
                }
            }
        }, "searcher");
        searcher.start();

        String target = LuceneFolders.indexName("model-b", 96);
        AtomicReference<UUID> writtenByB = new AtomicReference<>();
        AtomicReference<UUID> writtenByA = new AtomicReference<>();
        AtomicReference<Long> inTargetDuringCopy = new AtomicReference<>();
        AtomicReference<IndexManager> copier = new AtomicReference<>();
        AtomicReference<String> bStatusDuringCopy = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        Runnable raceTheCopy = () -> {
            if (!once.compareAndSet(false, true)) {
                return;
            }
            // A has read the batch (which holds every chunk of "deleted") and re-checked it: B deletes now
            assertTrue(b.deleteDocument(OWNER, deleted) > 0);
            writtenByB.set(write(b, "fromb", 4));
            writtenByA.set(write(copier.get(), "froma", 4));
            VectorStore t = stores.opened(target);
            inTargetDuringCopy.set(t.countDocument(OWNER, writtenByB.get()) + t.countDocument(OWNER, writtenByA.get()));
            bStatusDuringCopy.set(b.reindexStatus().state());
        };
        IndexManager a = replicaWithHook("model-b", raceTheCopy, copier);

        ReindexStatus done = TestIndexes.awaitReindex(a, ReindexStatus.COMPLETED, Duration.ofSeconds(30),
                status -> assertNotEquals(ReindexStatus.FAILED, status.state(), status.toString()));
        TestIndexes.await(() -> b.index().equals(target), "replica B to follow the switch");
        searching.set(false);
        searcher.join();

        assertEquals(8L, inTargetDuringCopy.get(), "writes through both replicas reached the new index during the copy");
        assertEquals(ReindexStatus.RUNNING, bStatusDuringCopy.get(), "B reports the re-index it dual-writes to");
        assertTrue(a.repairedByVerification() >= 10, "the verification removed the 10 chunks the copy wrote back after"
                + " B's delete: " + a.repairedByVerification());
        assertEquals(1, lease.granted.get(), "one copier");
        assertFalse(lease.held(), "the lease is released after the switch");
        assertEquals(20, done.total());
        assertEquals(target, a.index());
        assertEquals("model-b", b.model());
        for (IndexManager replica : List.of(a, b)) {
            assertEquals(0, replica.countDocument(OWNER, deleted), "the document deleted during the copy stays deleted");
            assertTrue(hits(replica, "doomed3").isEmpty());
            assertEquals(10, replica.countDocument(OWNER, kept));
            assertEquals(4, replica.countDocument(OWNER, writtenByB.get()));
            assertEquals(4, replica.countDocument(OWNER, writtenByA.get()));
            assertEquals(18, replica.size());
        }
        assertEquals(null, searchFailure.get(), "searches through B during the re-index and the switch");
        assertTrue(searches.get() > 0);
        TestIndexes.await(() -> ReindexStatus.COMPLETED.equals(b.reindexStatus().state()),
                "B to read the outcome from the shared state");
        assertEquals(20, b.reindexStatus().total());
    }

    private IndexManager replicaWithHook(String configured, Runnable hook, AtomicReference<IndexManager> self)
            throws Exception {
        // the hook must be in place before the copy reaches its first batch: the copier waits 1.25 s after announcing
        IndexManager manager = replica(configured);
        self.set(manager);
        manager.onCopyBatch(hook);
        assertTrue(manager.copying(), "the replica configured for the new model took the lease");
        return manager;
    }

    @Test
    void ofTwoReplicasConfiguredForTheNewModelOnlyOneCopies() throws Exception {
        IndexManager first = replica("model-a");
        write(first, "word", 30);
        first.close();
        replicas.remove(first);
        IndexManager x = replica("model-b");
        IndexManager y = replica("model-b");
        assertTrue(x.copying() ^ y.copying(), "exactly one copies");
        IndexManager copier = x.copying() ? x : y;
        IndexManager other = copier == x ? y : x;
        TestIndexes.awaitReindex(copier, ReindexStatus.COMPLETED, Duration.ofSeconds(30),
                status -> assertFalse(other.copying(), "the other replica never copies"));
        TestIndexes.await(() -> other.model().equals("model-b"), "the other replica to follow");
        Thread.sleep(FOLLOW.toMillis() * 4);
        assertEquals(1, lease.granted.get());
        assertEquals(30, other.size());
        assertEquals(2, state.switches.get(), "made active once, switched once");
    }

    @Test
    void aReplicaThatCannotReadTheSharedStateRefusesWritesButKeepsSearching() throws Exception {
        IndexManager a = replica("model-a");
        UUID doc = write(a, "word", 3);
        state.failReads = true;
        Thread.sleep(FOLLOW.toMillis() * 6);
        StaleIndexStateException refused = assertThrows(StaleIndexStateException.class, () -> write(a, "late", 1));
        assertEquals(503, refused.status());
        assertThrows(StaleIndexStateException.class, () -> a.deleteDocument(OWNER, doc));
        assertEquals(doc + ":2", hits(a, "word2").get(0));
        state.failReads = false;
        TestIndexes.await(() -> {
            try {
                write(a, "again", 1);
                return true;
            } catch (StaleIndexStateException e) {
                return false;
            }
        }, "writes to be accepted again");
    }

    @Test
    void anAnnouncementNobodyBuildsIsWithdrawn() throws Exception {
        IndexManager a = replica("model-a");
        write(a, "word", 3);
        state.announceTarget(new dev.ragsuite.vector.store.IndexPointer("model-a", 64, a.index()),
                java.util.Optional.of(new dev.ragsuite.vector.store.IndexPointer("model-b", 96,
                        LuceneFolders.indexName("model-b", 96))));
        TestIndexes.await(() -> state.announced().isEmpty(), "the orphaned announcement to be withdrawn");
        assertFalse(a.copying());
        assertEquals("model-a", a.model());
    }

    @Test
    void sharedStateNamingNoIndexBesideOtherIndexesIsRefusedRatherThanGuessed() throws Exception {
        stores = new SharedStores(root, state);
        stores.view().open(LuceneFolders.indexName("model-b", 96), "model-b", 96).close(); // e.g. left by an older version
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> replica("model-a"));
        assertTrue(refused.getMessage().contains("model-b-96"), refused.getMessage());
        assertEquals(0, state.switches.get());
    }

    /**
     * A write that began on some replica before it read the announcement reaches the active index alone, and
     * lands only after the copy passed its keys: the final verification, which waits for such writes
     * ({@link Replicas#writeGrace()}), copies it before the switch.
     */
    @Test
    void aLateWriteToTheActiveIndexAloneIsCopiedByTheFinalVerification() throws Exception {
        IndexManager first = replica("model-a");
        write(first, "word", 5);
        String source = first.index();
        first.close();
        replicas.remove(first);
        UUID straggler = UUID.randomUUID();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        Runnable lateWrite = () -> {
            if (!once.compareAndSet(false, true)) {
                return;
            }
            Thread late = new Thread(() -> {
                try {
                    Thread.sleep(300); // the copy of 5 chunks is long done; the final verification waits 1 s
                    stores.opened(source).upsert(OWNER, straggler, "late.txt", List.of(new dev.ragsuite.vector.store
                            .StoredChunk(straggler + ":0", 0, "a straggling write", modelA.embed("a straggling write"))));
                } catch (InterruptedException | RuntimeException e) {
                    failed.set(e);
                }
            });
            late.start();
        };
        AtomicReference<IndexManager> self = new AtomicReference<>();
        IndexManager copier = replicaWithHook("model-b", lateWrite, self);
        TestIndexes.awaitReindex(copier, ReindexStatus.COMPLETED, Duration.ofSeconds(30),
                status -> assertNotEquals(ReindexStatus.FAILED, status.state(), status.toString()));
        assertEquals(null, failed.get());
        assertEquals("model-b", copier.model());
        assertEquals(1, copier.countDocument(OWNER, straggler), "the late write reached the new index");
        assertEquals(6, copier.size());
    }
}
