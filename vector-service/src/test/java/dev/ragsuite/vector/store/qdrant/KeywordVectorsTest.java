package dev.ragsuite.vector.store.qdrant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sparse (keyword) vectors Qdrant's BM25 runs on. */
class KeywordVectorsTest {

    private final KeywordVectors vectors = new KeywordVectors(60);

    @AfterEach
    void close() {
        vectors.close();
    }

    @Test
    void termIdsAreMurmurHash3X86With32BitsAndSeedZero() {
        // published MurmurHash3_x86_32 values (seed 0), e.g. Python's mmh3.hash
        assertEquals(0, KeywordVectors.termId(""));
        assertEquals(613153351, KeywordVectors.termId("hello"));
        assertEquals(KeywordVectors.termId("tesla"), KeywordVectors.termId("tesla"), "stable");
        assertNotEquals(KeywordVectors.termId("tesla"), KeywordVectors.termId("edison"));
    }

    @Test
    void documentWeightsAreSaturatedTermFrequenciesOfAnalysedTerms() {
        KeywordVectors.Sparse one = vectors.document("Tesla");
        assertArrayEquals(new int[] {KeywordVectors.termId("tesla")}, one.indices(), "lower-cased");
        // tf 1 in a text of 1 term with avgdl 60: 1 * 1.9 / (1 + 0.9 * (0.6 + 0.4 / 60))
        assertEquals(1.9 / (1 + 0.9 * (0.6 + 0.4 / 60)), one.values()[0], 1e-6);

        KeywordVectors.Sparse doc = vectors.document("The inventor Tesla died; Tesla's coil dies with him.");
        assertEquals(5, doc.indices().length, "inventor, tesla, di(ed|es), coil, him: " + doc);
        int tesla = indexOf(doc, "tesla");
        int die = indexOf(doc, vectors.query("died").indices()[0]);
        assertEquals(die, indexOf(doc, vectors.query("dies").indices()[0]), "stemmed: died and dies are one term");
        assertTrue(tesla >= 0 && die >= 0, doc.toString());
        assertEquals(-1, indexOf(doc, "the"), "stop words are dropped");
        assertTrue(doc.values()[tesla] > doc.values()[indexOf(doc, "coil")], "tf 2 weighs more than tf 1");
        assertEquals(doc.values()[die], doc.values()[tesla], 1e-6, "died + dies is tf 2 as well");

        float tf10 = vectors.document("tesla ".repeat(10)).values()[0];
        assertTrue(tf10 < KeywordVectors.K1 + 1, "saturates below k1 + 1: " + tf10);
        float shortText = vectors.document("tesla coil").values()[0];
        String filler = IntStream.range(0, 200).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        float longText = vectors.document("tesla coil " + filler).values()[indexOf(vectors.document("tesla coil " + filler),
                "tesla")];
        assertTrue(longText < shortText, "a longer text weighs the same tf less: " + longText + " vs " + shortText);
    }

    @Test
    void queriesWeighEachDistinctTermOnceAndIndicesAreSortedUnsigned() {
        KeywordVectors.Sparse query = vectors.query("When did Tesla die in New York? Tesla!");
        assertEquals(4, query.indices().length, query.toString()); // tesla, die, new, york (when, did: stop words)
        for (float v : query.values()) {
            assertEquals(1f, v);
        }
        for (int i = 1; i < query.indices().length; i++) {
            assertTrue(Integer.compareUnsigned(query.indices()[i - 1], query.indices()[i]) < 0, query.toString());
        }
        String many = IntStream.range(0, 500).mapToObj(i -> "term" + i).collect(Collectors.joining(" "));
        assertEquals(KeywordVectors.MAX_QUERY_TERMS, vectors.query(many).indices().length);
    }

    @Test
    void textWithoutKeywordsGivesAnEmptyVector() {
        assertTrue(vectors.query("the of and a").isEmpty());
        assertTrue(vectors.query("").isEmpty());
        assertTrue(vectors.query(null).isEmpty());
        assertTrue(vectors.document("*** ((( )))").isEmpty());
        assertEquals(vectors.query("C++ \"AND\" ("), vectors.query("c"), "query syntax is just text");
        assertThrows(IllegalArgumentException.class, () -> new KeywordVectors(0));
    }

    private static int indexOf(KeywordVectors.Sparse sparse, String term) {
        return indexOf(sparse, KeywordVectors.termId(term));
    }

    private static int indexOf(KeywordVectors.Sparse sparse, int id) {
        for (int i = 0; i < sparse.indices().length; i++) {
            if (sparse.indices()[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
