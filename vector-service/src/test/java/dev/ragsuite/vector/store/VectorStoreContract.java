package dev.ragsuite.vector.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.api.DocumentSource;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.support.HashingEmbedder;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorStore} backend must do, run against each one by a subclass that says how
 * to open its index. Vectors come from the deterministic {@link HashingEmbedder}: texts that share
 * words are near, so each test controls which chunk the dense half prefers.
 */
public abstract class VectorStoreContract {

    protected static final String MODEL = "contract-model";
    protected static final int DIMS = 64;
    private static final String OWNER = "alice";

    protected final HashingEmbedder embedder = new HashingEmbedder(MODEL, DIMS);
    protected VectorStore store;

    /**
     * Opens this test's index, the same one on every call (a folder, a collection), for vectors of
     * {@code model} with {@code dimensions}; creating it on the first call.
     */
    protected abstract VectorStore open(String model, int dimensions) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open(MODEL, DIMS);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // --- upsert, replace, delete, count ---

    @Test
    void upsertedChunkIsFoundByMeaningAndByWords() {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "inventors.txt", List.of(
                chunk("c0", 0, "Thomas Edison invented the phonograph.", 1, "Inventors > Edison"),
                chunk("c1", 1, "Nikola Tesla died in New York in January 1943.", 2, "Inventors > Tesla"),
                chunk("c2", 2, "Alternating current powers the grid.", 3, null)));

        // no query word occurs in any chunk: the dense half decides
        List<ScoredChunk> byVector = store.search(OWNER, "zebra quilt", embedder.embed("Tesla New York January"), 2,
                RetrievalMode.HYBRID);
        assertEquals(2, byVector.size());
        ScoredChunk top = byVector.get(0);
        assertEquals("c1", top.chunkId());
        assertEquals(doc, top.documentId());
        assertEquals("inventors.txt", top.documentName());
        assertEquals(1, top.position());
        assertEquals("Nikola Tesla died in New York in January 1943.", top.text());
        assertEquals(2, top.page());
        assertEquals("Inventors > Tesla", top.headingPath());

        // equal dense evidence for every chunk (identical vectors): the keywords decide
        float[] same = embedder.embed("same vector for all");
        store.upsert("dave", doc, "inventors.txt", List.of(
                new StoredChunk("d0", 0, "Thomas Edison invented the phonograph.", same),
                new StoredChunk("d1", 1, "Nikola Tesla died in New York in January 1943.", same),
                new StoredChunk("d2", 2, "Alternating current powers the grid.", same)));
        List<ScoredChunk> byWords = store.search("dave", "When did Tesla die?", same, 3, RetrievalMode.HYBRID);
        assertEquals("d1", byWords.get(0).chunkId());
        assertTrue(byWords.get(0).score() > byWords.get(1).score(), byWords.toString());
        assertTrue(byWords.stream().allMatch(h -> h.score() >= 0 && h.score() <= 1.0 + 1e-9), byWords.toString());
        assertTrue(byWords.stream().allMatch(h -> h.page() == null && h.headingPath() == null), "no provenance given");
    }

    @Test
    void reUpsertOfTheSameChunkIdsReplacesInsteadOfDuplicating() {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "doc.txt", List.of(chunk("x0", 0, "old text zero"), chunk("x1", 1, "old text one")));
        store.upsert(OWNER, doc, "doc.txt", List.of(chunk("x0", 0, "new text zero"), chunk("x1", 1, "new text one")));
        // the same chunk id from another owner is a different chunk: it neither replaces nor is replaced
        store.upsert("bob", UUID.randomUUID(), "bob.txt", List.of(chunk("x0", 0, "bob text")));

        assertEquals(2, store.countDocument(OWNER, doc));
        assertEquals(3, store.size());
        List<ScoredChunk> hits = store.search(OWNER, "text", embedder.embed("text"), 10, RetrievalMode.HYBRID);
        assertEquals(2, hits.size());
        assertTrue(hits.stream().allMatch(h -> h.text().startsWith("new text")), hits.toString());
        assertEquals(new VectorStore.Stats(2, 2, 0), store.stats(OWNER, doc));
    }

    @Test
    void deleteRemovesExactlyThatDocumentOfThatOwner() {
        UUID doc1 = UUID.randomUUID();
        UUID doc2 = UUID.randomUUID();
        store.upsert(OWNER, doc1, "one.txt", List.of(chunk("1-0", 0, "first"), chunk("1-1", 1, "second"),
                chunk("1-2", 2, "third")));
        store.upsert(OWNER, doc2, "two.txt", List.of(chunk("2-0", 0, "fourth"), chunk("2-1", 1, "fifth")));
        // the same document id under another owner must not be touched
        store.upsert("bob", doc1, "one.txt", List.of(chunk("1-0", 0, "bob's first")));

        assertEquals(3, store.deleteDocument(OWNER, doc1));

        assertEquals(0, store.countDocument(OWNER, doc1));
        assertEquals(2, store.countDocument(OWNER, doc2));
        assertEquals(1, store.countDocument("bob", doc1));
        assertEquals(3, store.size());
        assertTrue(store.search(OWNER, "first second third", embedder.embed("first second third"), 10, RetrievalMode.HYBRID)
                .stream().noneMatch(h -> h.documentId().equals(doc1)));
        assertEquals(0, store.deleteDocument(OWNER, doc1), "deleting again removes nothing");
        assertEquals(new VectorStore.Stats(0, 0, 0), store.stats(OWNER, doc1));
    }

    @Test
    void dataSurvivesCloseAndReopen() throws Exception {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "kept.txt", List.of(chunk("k0", 0, "durable words on disk")));
        store.close();

        store = open(MODEL, DIMS);

        assertEquals(MODEL, store.model());
        assertEquals(DIMS, store.dimensions());
        assertEquals(1, store.countDocument(OWNER, doc));
        List<ScoredChunk> hits = store.search(OWNER, "durable disk", embedder.embed("durable disk"), 3, RetrievalMode.HYBRID);
        assertEquals(1, hits.size());
        assertEquals("k0", hits.get(0).chunkId());
        assertEquals("durable words on disk", hits.get(0).text());
    }

    // --- owner isolation ---

    @Test
    void ownerFilterHoldsWhenAnotherOwnerHasManyBetterMatches() {
        // bob has 300 chunks that match the query perfectly, by vector and by words
        UUID bobDoc = UUID.randomUUID();
        float[] perfect = embedder.embed("tesla died 1943");
        store.upsert("bob", bobDoc, "bob.txt", IntStream.range(0, 300)
                .mapToObj(i -> new StoredChunk("b" + i, i, "tesla tesla tesla died 1943", perfect))
                .toList());
        // alice has 8 chunks that match poorly
        UUID aliceDoc = UUID.randomUUID();
        store.upsert(OWNER, aliceDoc, "alice.txt", IntStream.range(0, 8)
                .mapToObj(i -> chunk("a" + i, i, "gardening note number " + i))
                .toList());

        for (RetrievalMode mode : RetrievalMode.values()) {
            List<ScoredChunk> top5 = store.search(OWNER, "tesla died 1943 gardening", perfect, 5, mode);
            assertEquals(5, top5.size(), mode + ": alice still gets topK hits of her own");
            assertTrue(top5.stream().allMatch(h -> h.documentId().equals(aliceDoc)), mode + ": only alice's chunks: " + top5);
        }
        List<ScoredChunk> all = store.search(OWNER, "tesla died 1943", perfect, 50, RetrievalMode.HYBRID);
        assertEquals(Set.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"),
                all.stream().map(ScoredChunk::chunkId).collect(Collectors.toSet()));
        assertTrue(store.search("carol", "tesla died 1943", perfect, 10, RetrievalMode.HYBRID).isEmpty(),
                "an owner with no chunks gets none");
    }

    // --- retrieval modes ---

    @Test
    void eachModeRunsItsOwnRetriever() {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "modes.txt", List.of(
                chunk("words", 0, "lighthouse keeper logbook entries"),
                chunk("meaning", 1, "harbour pilot boat schedule")));
        String text = "lighthouse keeper";
        float[] vector = embedder.embed("harbour pilot boat schedule");

        List<ScoredChunk> dense = store.search(OWNER, text, vector, 1, RetrievalMode.DENSE);
        assertEquals("meaning", dense.get(0).chunkId(), "dense ignores the words");
        List<ScoredChunk> bm25 = store.search(OWNER, text, null, 5, RetrievalMode.BM25);
        assertEquals(List.of("words"), bm25.stream().map(ScoredChunk::chunkId).toList(),
                "BM25 needs no vector and finds only chunks with the words");
        List<ScoredChunk> hybrid = store.search(OWNER, text, vector, 5, RetrievalMode.HYBRID);
        assertEquals(Set.of("words", "meaning"), hybrid.stream().map(ScoredChunk::chunkId).collect(Collectors.toSet()));
        assertTrue(store.search(OWNER, "the of and", null, 5, RetrievalMode.BM25).isEmpty(), "no term survives analysis");
        assertThrows(DimensionMismatchException.class, () -> store.search(OWNER, text, null, 5, RetrievalMode.DENSE));
    }

    @Test
    void hostileOrEmptyQueryTextNeverThrows() {
        store.upsert(OWNER, UUID.randomUUID(), "c.txt", List.of(chunk("q0", 0, "C++ and Java compared")));
        float[] vector = embedder.embed("C++ and Java compared");
        for (String query : List.of("C++ \"AND\" (", "*:*", "title:foo~2 [a TO b] {x TO y}", "\\", "\"", "((((",
                "", "   ", "the of and a", "AND OR NOT", "/regex.*/", "\u0000\uFFFF\uD83D\uDE00", "x".repeat(10_000))) {
            List<ScoredChunk> hits = assertDoesNotThrow(() -> store.search(OWNER, query, vector, 5, RetrievalMode.HYBRID),
                    query);
            assertEquals(1, hits.size(), "the dense half still answers for: " + query);
            assertDoesNotThrow(() -> store.search(OWNER, query, null, 5, RetrievalMode.BM25), query);
        }
        assertEquals("q0", store.search(OWNER, "C++ \"AND\" (", null, 5, RetrievalMode.BM25).get(0).chunkId(),
                "the term c survives the syntax around it");
    }

    // --- versions ---

    @Test
    void stagedChunksAreInvisibleUntilTheirVersionIsActivated() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 3, "lighthouse keeper"));

        for (RetrievalMode mode : RetrievalMode.values()) {
            assertTrue(store.search(OWNER, "lighthouse keeper", embedder.embed("lighthouse keeper"), 10, mode).isEmpty(),
                    mode + " may not see staged chunks");
        }
        assertEquals(new VectorStore.Stats(3, 3, 3), store.stats(OWNER, doc));
        assertEquals(3, store.countDocument(OWNER, doc));

        assertEquals(new VectorStore.Activation(3, 0), store.activate(OWNER, doc, 1));

        for (RetrievalMode mode : RetrievalMode.values()) {
            assertEquals(3, store.search(OWNER, "lighthouse keeper", embedder.embed("lighthouse keeper"), 10, mode).size(),
                    mode.toString());
        }
        assertEquals(new VectorStore.Stats(3, 3, 0), store.stats(OWNER, doc));
        assertEquals(new VectorStore.Activation(3, 0), store.activate(OWNER, doc, 1), "activation is idempotent");
    }

    @Test
    void activatingANewVersionReplacesTheOldOne() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 4, "old harbour"));
        store.activate(OWNER, doc, 1);
        store.stage(OWNER, doc, "a.txt", 2, versionChunks(doc, 2, 2, "new harbour"));

        assertEquals(Set.of("old harbour"), texts(store.search(OWNER, "harbour", embedder.embed("harbour"), 10,
                RetrievalMode.HYBRID)), "the old version stays searchable while the new one is staged");
        assertEquals(new VectorStore.Stats(6, 6, 2), store.stats(OWNER, doc));

        assertEquals(new VectorStore.Activation(2, 4), store.activate(OWNER, doc, 2));

        assertEquals(Set.of("new harbour"), texts(store.search(OWNER, "harbour", embedder.embed("harbour"), 10,
                RetrievalMode.HYBRID)));
        assertEquals(new VectorStore.Stats(2, 2, 0), store.stats(OWNER, doc));
    }

    @Test
    void activationRemovesChunksWrittenWithoutAVersionAndTouchesNoOtherDocument() {
        UUID doc = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        store.upsert(OWNER, doc, "a.txt", List.of(chunk("plain", 0, "unversioned chunk")));
        store.upsert(OWNER, other, "b.txt", List.of(chunk("other", 0, "another document")));
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 2, "versioned chunk"));

        assertEquals(new VectorStore.Activation(2, 1), store.activate(OWNER, doc, 1));
        assertEquals(2, store.countDocument(OWNER, doc));
        assertEquals(1, store.countDocument(OWNER, other));
    }

    @Test
    void discardRemovesOnlyStagedChunksOfThatVersion() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 2, "first"));
        store.activate(OWNER, doc, 1);
        store.stage(OWNER, doc, "a.txt", 2, versionChunks(doc, 2, 3, "second"));

        assertEquals(3, store.discard(OWNER, doc, 2));
        assertEquals(0, store.discard(OWNER, doc, 1), "an active version is not discarded");
        assertEquals(0, store.discard("bob", doc, 1), "another owner discards nothing of alice's");
        assertEquals(new VectorStore.Stats(2, 2, 0), store.stats(OWNER, doc));
    }

    @Test
    void rerunOfAVersionOverwritesInsteadOfDuplicating() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 3, "same"));
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 3, "same"));
        assertEquals(new VectorStore.Activation(3, 0), store.activate(OWNER, doc, 1));
        assertEquals(new VectorStore.Stats(3, 3, 0), store.stats(OWNER, doc));
    }

    @Test
    void deleteRemovesStagedAndVisibleChunks() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 1, versionChunks(doc, 1, 2, "x"));
        store.activate(OWNER, doc, 1);
        store.stage(OWNER, doc, "a.txt", 2, versionChunks(doc, 2, 3, "y"));
        assertEquals(5, store.deleteDocument(OWNER, doc));
        assertEquals(new VectorStore.Stats(0, 0, 0), store.stats(OWNER, doc));
    }

    // --- dimensions and the manifest ---

    @Test
    void vectorsOfTheWrongLengthAreRefusedAndNothingIsHalfWritten() {
        UUID doc = UUID.randomUUID();
        List<StoredChunk> oneWrong = List.of(chunk("ok", 0, "fits"), new StoredChunk("w", 1, "too long", new float[DIMS + 1]));
        DimensionMismatchException refused = assertThrows(DimensionMismatchException.class,
                () -> store.upsert(OWNER, doc, "w.txt", oneWrong));
        assertEquals(DIMS, refused.expected());
        assertEquals(DIMS + 1, refused.actual());
        assertThrows(DimensionMismatchException.class, () -> store.stage(OWNER, doc, "w.txt", 1, oneWrong));
        assertThrows(DimensionMismatchException.class,
                () -> store.search(OWNER, "text", new float[3], 5, RetrievalMode.HYBRID));
        List<StoredChunk> twice = List.of(chunk("d", 0, "one"), chunk("d", 1, "two"));
        assertThrows(IllegalArgumentException.class, () -> store.upsert(OWNER, doc, "d.txt", twice));
        assertEquals(0, store.countDocument(OWNER, doc), "nothing half-written");
        assertEquals(0, store.size());
    }

    @Test
    void anIndexOfAnotherDimensionOrModelIsRefusedAndStillOpensAsBefore() throws Exception {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "a.txt", List.of(chunk("m0", 0, "manifest")));
        store.close();
        store = null;

        IllegalStateException otherDims = assertThrows(IllegalStateException.class, () -> open(MODEL, DIMS * 2));
        assertTrue(otherDims.getMessage().contains(Integer.toString(DIMS)), otherDims.getMessage());
        IllegalStateException otherModel = assertThrows(IllegalStateException.class, () -> open("other-model", DIMS));
        assertTrue(otherModel.getMessage().contains(MODEL), otherModel.getMessage());

        store = open(MODEL, DIMS); // the failed attempts left nothing behind
        assertEquals(new VectorStore.Stats(1, 1, 0), store.stats(OWNER, doc));
    }

    // --- copying (re-index) ---

    // --- sources and publishing ---

    @Test
    void publishedDocumentsAreSearchedByEveryoneInsideTheQueryAndCarryTheirSource() {
        UUID shared = UUID.randomUUID();
        DocumentSource page = DocumentSource.url("https://example.org/lighthouses.html");
        store.stage(OWNER, shared, "lighthouses.html", 1, versionChunks(shared, 1, 2, "lighthouse keeper").stream()
                .map(c -> new StoredChunk(c.chunkId(), c.position(), c.text(), c.vector(), null, null, null, page, false))
                .toList());
        store.activate(OWNER, shared, 1);
        // bob has many better matches of his own: the filter is inside the query, so alice's published chunks still come back
        store.upsert("bob", UUID.randomUUID(), "bob.txt", IntStream.range(0, 30)
                .mapToObj(i -> chunk("b" + i, i, "lighthouse keeper lighthouse keeper " + i)).toList());
        float[] query = embedder.embed("lighthouse keeper");

        for (RetrievalMode mode : RetrievalMode.values()) {
            assertTrue(store.search("carol", "lighthouse keeper", query, 10, mode).isEmpty(), mode + ": not published yet");
        }
        assertEquals(2, store.setPublished(OWNER, shared, true));
        assertEquals(2, store.setPublished(OWNER, shared, true), "idempotent");
        for (RetrievalMode mode : RetrievalMode.values()) {
            List<ScoredChunk> hits = store.search("carol", "lighthouse keeper", query, 10, mode);
            assertEquals(Set.of(shared), hits.stream().map(ScoredChunk::documentId).collect(Collectors.toSet()), mode.toString());
            assertEquals(page, hits.get(0).source(), mode + ": the source travels with the hit");
            assertTrue(store.search("bob", "lighthouse keeper", query, 40, mode).stream()
                    .anyMatch(h -> h.documentId().equals(shared)), mode + ": published beside bob's own");
        }
        // a new version staged while published stays invisible until activated, then is published too
        store.stage(OWNER, shared, "lighthouses.html", 2, versionChunks(shared, 2, 1, "lighthouse keeper v2").stream()
                .map(c -> c.withPublished(true)).toList());
        assertEquals(Set.of("lighthouse keeper"), texts(store.search("carol", "lighthouse keeper", query, 10,
                RetrievalMode.HYBRID)));
        store.activate(OWNER, shared, 2);
        assertEquals(Set.of("lighthouse keeper v2"), texts(store.search("carol", "lighthouse keeper", query, 10,
                RetrievalMode.HYBRID)));

        assertEquals(1, store.setPublished(OWNER, shared, false));
        for (RetrievalMode mode : RetrievalMode.values()) {
            assertTrue(store.search("carol", "lighthouse keeper", query, 10, mode).isEmpty(), mode + ": unpublished");
        }
        assertEquals(1, store.search(OWNER, "lighthouse keeper", query, 10, RetrievalMode.HYBRID).size(), "the owner still");
        assertEquals(0, store.setPublished("carol", shared, true), "only the owner's chunks of the document are flipped");
        assertTrue(store.search("dave", "lighthouse keeper", query, 10, RetrievalMode.HYBRID).isEmpty());
    }

    @Test
    void chunksWithoutASourceAreUploadsAndPublishedSurvivesExport() {
        UUID doc = UUID.randomUUID();
        store.upsert(OWNER, doc, "a.txt", List.of(chunk("u0", 0, "uploaded chunk")));
        assertEquals(DocumentSource.upload(), store.search(OWNER, "uploaded", embedder.embed("uploaded chunk"), 1,
                RetrievalMode.HYBRID).get(0).source());
        store.setPublished(OWNER, doc, true);
        ExportedChunk read = store.read(List.of(ExportedChunk.key(OWNER, "u0"))).get(ExportedChunk.key(OWNER, "u0"));
        assertTrue(read.chunk().published(), "a re-index copies the flag");
        assertEquals(DocumentSource.upload(), read.chunk().source());
    }

    @Test
    void chunksAreExportedAndImportedExactly() {
        UUID doc = UUID.randomUUID();
        store.stage(OWNER, doc, "a.txt", 3, List.of(
                new StoredChunk("e0", 0, "exported text", embedder.embed("exported text"), 7, "H1 > H2", "chunker-9")));
        store.upsert("bob", doc, "b.txt", List.of(chunk("e0", 0, "bob's chunk")));

        List<String> keys = store.keys();
        assertEquals(Set.of(ExportedChunk.key(OWNER, "e0"), ExportedChunk.key("bob", "e0")), Set.copyOf(keys));
        ExportedChunk read = store.read(List.of(ExportedChunk.key(OWNER, "e0"), ExportedChunk.key("carol", "none")))
                .get(ExportedChunk.key(OWNER, "e0"));
        assertEquals(new ExportedChunk(OWNER, doc, "a.txt", 3, true, read.chunk()), read);
        assertEquals("exported text", read.chunk().text());
        assertEquals(7, read.chunk().page());
        assertEquals("H1 > H2", read.chunk().headingPath());
        assertEquals("chunker-9", read.chunk().chunkerVersion());
        assertEquals("chunker-9", store.chunkerVersion());
        float[] expected = embedder.embed("exported text");
        for (int i = 0; i < DIMS; i++) {
            assertEquals(expected[i], read.chunk().vector()[i], 1e-6, "vector component " + i);
        }

        assertEquals(1, store.deleteKeys(List.of(ExportedChunk.key(OWNER, "e0"), ExportedChunk.key("carol", "none"))));
        assertEquals(0, store.countDocument(OWNER, doc));
        assertEquals(1, store.importChunks(List.of(read)));
        assertEquals(new VectorStore.Stats(1, 1, 1), store.stats(OWNER, doc), "imported still staged");
        assertEquals(new VectorStore.Activation(1, 0), store.activate(OWNER, doc, 3));
        assertEquals(1, store.countDocument("bob", doc));
    }

    // --- helpers ---

    protected StoredChunk chunk(String id, int position, String text) {
        return new StoredChunk(id, position, text, embedder.embed(text));
    }

    private StoredChunk chunk(String id, int position, String text, Integer page, String headingPath) {
        return new StoredChunk(id, position, text, embedder.embed(text), page, headingPath);
    }

    /** Chunks of one version, ids {@code <doc>:v<version>:<i>}, all with the same text. */
    protected List<StoredChunk> versionChunks(UUID doc, int version, int count, String text) {
        return IntStream.range(0, count)
                .mapToObj(i -> new StoredChunk(doc + ":v" + version + ":" + i, i, text, embedder.embed(text), 1, "H"))
                .toList();
    }

    protected static Set<String> texts(List<ScoredChunk> hits) {
        return hits.stream().map(ScoredChunk::text).collect(Collectors.toSet());
    }
}
