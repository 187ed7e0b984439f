package dev.ragsuite.vector.store;

import dev.ragsuite.common.vector.RetrievalMode;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lucene store on a real folder, without Quarkus and with small synthetic vectors, so each
 * test controls exactly which chunk is nearest to the query.
 */
class LuceneVectorStoreTest {

    private static final int DIMS = 16;

    @TempDir
    Path dir;

    private LuceneVectorStore store;

    @BeforeEach
    void open() throws Exception {
        store = new LuceneVectorStore(dir, DIMS, FusionSettings.DEFAULTS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void upsertedChunkIsFoundByMeaningAndByWords() {
        UUID doc = UUID.randomUUID();
        store.upsert("alice", doc, "inventors.txt", List.of(
                chunk("c0", 0, "Thomas Edison invented the phonograph.", 1),
                chunk("c1", 1, "Nikola Tesla died in New York in January 1943.", 2),
                chunk("c2", 2, "Alternating current powers the grid.", 3)));

        List<ScoredChunk> byVector = store.search("alice", "unrelated words", vector(2), 2, RetrievalMode.HYBRID);
        assertEquals("c1", byVector.get(0).chunkId());
        assertEquals(doc, byVector.get(0).documentId());
        assertEquals("inventors.txt", byVector.get(0).documentName());
        assertEquals(1, byVector.get(0).position());
        assertEquals("Nikola Tesla died in New York in January 1943.", byVector.get(0).text());
        assertEquals(2, byVector.size());

        // Equal dense evidence for every chunk (identical vectors): the keywords decide.
        store.upsert("dave", doc, "inventors.txt", List.of(
                chunk("d0", 0, "Thomas Edison invented the phonograph.", 5),
                chunk("d1", 1, "Nikola Tesla died in New York in January 1943.", 5),
                chunk("d2", 2, "Alternating current powers the grid.", 5)));
        List<ScoredChunk> byWords = store.search("dave", "When did Tesla die?", vector(5), 3, RetrievalMode.HYBRID);
        assertEquals("d1", byWords.get(0).chunkId());
        assertTrue(byWords.get(0).score() > byWords.get(1).score());
        assertTrue(byWords.stream().allMatch(h -> h.score() >= 0 && h.score() <= 1.0 + 1e-9));
    }

    @Test
    void ownerFilterHoldsWhenAnotherOwnerHasManyBetterMatches() {
        // bob has 300 chunks that match the query perfectly, by vector and by words
        UUID bobDoc = UUID.randomUUID();
        List<StoredChunk> bobs = IntStream.range(0, 300)
                .mapToObj(i -> new StoredChunk("b" + i, i, "tesla tesla tesla died 1943", vector(7)))
                .toList();
        store.upsert("bob", bobDoc, "bob.txt", bobs);
        // alice has 8 chunks that match poorly
        UUID aliceDoc = UUID.randomUUID();
        List<StoredChunk> alices = IntStream.range(0, 8)
                .mapToObj(i -> chunk("a" + i, i, "gardening note number " + i, 100 + i))
                .toList();
        store.upsert("alice", aliceDoc, "alice.txt", alices);

        List<ScoredChunk> top5 = store.search("alice", "tesla died 1943", vector(7), 5, RetrievalMode.HYBRID);
        assertEquals(5, top5.size(), "alice still gets topK hits of her own");
        assertTrue(top5.stream().allMatch(h -> h.documentId().equals(aliceDoc)), "only alice's chunks: " + top5);

        List<ScoredChunk> all = store.search("alice", "tesla died 1943", vector(7), 50, RetrievalMode.HYBRID);
        assertEquals(8, all.size());
        assertEquals(Set.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"),
                all.stream().map(ScoredChunk::chunkId).collect(Collectors.toSet()));

        assertTrue(store.search("carol", "tesla died 1943", vector(7), 10, RetrievalMode.HYBRID).isEmpty(), "an owner with no chunks gets none");
    }

    @Test
    void deleteRemovesExactlyThatDocumentOfThatOwner() {
        UUID doc1 = UUID.randomUUID();
        UUID doc2 = UUID.randomUUID();
        store.upsert("alice", doc1, "one.txt", List.of(chunk("1-0", 0, "first", 1), chunk("1-1", 1, "second", 2),
                chunk("1-2", 2, "third", 3)));
        store.upsert("alice", doc2, "two.txt", List.of(chunk("2-0", 0, "fourth", 4), chunk("2-1", 1, "fifth", 5)));
        // the same document id under another owner must not be touched
        store.upsert("bob", doc1, "one.txt", List.of(chunk("1-0", 0, "bob's first", 1)));

        assertEquals(3, store.deleteDocument("alice", doc1));

        assertEquals(0, store.countDocument("alice", doc1));
        assertEquals(2, store.countDocument("alice", doc2));
        assertEquals(1, store.countDocument("bob", doc1));
        assertEquals(3, store.size());
        assertTrue(store.search("alice", "first second third", vector(1), 10, RetrievalMode.HYBRID).stream()
                .noneMatch(h -> h.documentId().equals(doc1)));
        assertEquals(0, store.deleteDocument("alice", doc1), "deleting again removes nothing");
    }

    @Test
    void dataSurvivesCloseAndReopen() throws Exception {
        UUID doc = UUID.randomUUID();
        store.upsert("alice", doc, "kept.txt", List.of(chunk("k0", 0, "durable words on disk", 11)));
        store.close();

        store = new LuceneVectorStore(dir, DIMS, FusionSettings.DEFAULTS);

        assertEquals(1, store.countDocument("alice", doc));
        List<ScoredChunk> hits = store.search("alice", "durable disk", vector(11), 3, RetrievalMode.HYBRID);
        assertEquals(1, hits.size());
        assertEquals("k0", hits.get(0).chunkId());
        assertEquals("durable words on disk", hits.get(0).text());
    }

    @Test
    void reUpsertOfTheSameChunkIdsReplacesInsteadOfDuplicating() {
        UUID doc = UUID.randomUUID();
        store.upsert("alice", doc, "doc.txt", List.of(chunk("x0", 0, "old text zero", 1), chunk("x1", 1, "old text one", 2)));
        store.upsert("alice", doc, "doc.txt", List.of(chunk("x0", 0, "new text zero", 1), chunk("x1", 1, "new text one", 2)));
        // the same chunk id from another owner is a different chunk: it neither replaces nor is replaced
        store.upsert("bob", UUID.randomUUID(), "bob.txt", List.of(chunk("x0", 0, "bob text", 1)));

        assertEquals(2, store.countDocument("alice", doc));
        assertEquals(3, store.size());
        List<ScoredChunk> hits = store.search("alice", "text", vector(1), 10, RetrievalMode.HYBRID);
        assertEquals(2, hits.size());
        assertTrue(hits.stream().allMatch(h -> h.text().startsWith("new text")), hits.toString());
    }

    @Test
    void hostileOrEmptyQueryTextNeverThrows() {
        store.upsert("alice", UUID.randomUUID(), "c.txt", List.of(chunk("q0", 0, "C++ and Java compared", 1)));
        for (String query : List.of("C++ \"AND\" (", "*:*", "title:foo~2 [a TO b] {x TO y}", "\\", "\"", "((((",
                "", "   ", "the of and a", "AND OR NOT", "/regex.*/", "\u0000\uFFFF\uD83D\uDE00")) {
            List<ScoredChunk> hits = assertDoesNotThrow(() -> store.search("alice", query, vector(1), 5, RetrievalMode.HYBRID), query);
            assertEquals(1, hits.size(), "the dense half still answers for: " + query);
        }
        assertFalse(store.search("alice", "C++ \"AND\" (", vector(1), 5, RetrievalMode.HYBRID).isEmpty());
    }

    @Test
    void rejectsVectorsOfTheWrongLengthAndAnIndexOfAnotherModel() {
        UUID doc = UUID.randomUUID();
        List<StoredChunk> wrong = List.of(new StoredChunk("w", 0, "text", new float[DIMS + 1]));
        assertThrows(IllegalArgumentException.class, () -> store.upsert("alice", doc, "w.txt", wrong));
        assertThrows(IllegalArgumentException.class, () -> store.search("alice", "text", new float[3], 5, RetrievalMode.HYBRID));
        List<StoredChunk> twice = List.of(chunk("d", 0, "one", 1), chunk("d", 1, "two", 2));
        assertThrows(IllegalArgumentException.class, () -> store.upsert("alice", doc, "d.txt", twice));
        assertEquals(0, store.countDocument("alice", doc), "nothing half-written");

        store.upsert("alice", doc, "ok.txt", List.of(chunk("ok", 0, "fine", 1)));
        store.close();
        assertThrows(IllegalStateException.class, () -> new LuceneVectorStore(dir, DIMS * 2, FusionSettings.DEFAULTS));
        assertDoesNotThrow(this::open); // the failed attempt released the folder
    }

    private static StoredChunk chunk(String id, int position, String text, int seed) {
        return new StoredChunk(id, position, text, vector(seed));
    }

    /** A deterministic pseudo-random unit vector per seed: different seeds are nearly orthogonal. */
    static float[] vector(int seed) {
        Random random = new Random(seed);
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
