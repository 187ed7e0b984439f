package dev.ragsuite.vector.store.qdrant;

import dev.ragsuite.text.TextAnalysis;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.util.StringHelper;

/**
 * Turns text into the sparse vectors of Qdrant's keyword search, so BM25 runs inside Qdrant: the
 * terms come from the same analyzer as the Lucene index ({@link TextAnalysis}); a term's index is
 * the 32-bit MurmurHash3 (x86_32, seed 0, over its UTF-8 bytes; Lucene's
 * {@link StringHelper#murmurhash3_x86_32}), read as an unsigned Qdrant index. A document's weight
 * per term is BM25's saturated term frequency {@code tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))}
 * with Lucene's k1 = 0.9, b = 0.4 and a configured {@code avgdl}; the collection's sparse vector
 * has {@code Modifier.Idf}, so Qdrant multiplies in the IDF of each query term over the whole
 * collection. A query weighs each distinct term 1. Terms whose hashes collide share an index
 * (their weights add up), which in a 2^32 space is rare and only blurs those two terms.
 */
public final class KeywordVectors implements AutoCloseable {

    /** BM25 parameters, the same as the Lucene store's {@code BM25Similarity(0.9, 0.4)}. */
    static final float K1 = 0.9f;
    static final float B = 0.4f;
    /** Query terms beyond this many distinct ones add little; the same cut as the Lucene store. */
    static final int MAX_QUERY_TERMS = 128;

    private static final String FIELD = "text";

    /** A sparse vector: indices (unsigned 32-bit values held in ints) ascending as unsigned, with their weights. */
    public record Sparse(int[] indices, float[] values) {

        public boolean isEmpty() {
            return indices.length == 0;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sparse s && Arrays.equals(indices, s.indices) && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Sparse" + Arrays.toString(indices) + "=" + Arrays.toString(values);
        }
    }

    private final Analyzer analyzer = TextAnalysis.analyzer();
    private final float averageTerms;

    /** @param averageTerms the {@code avgdl} of the length normalisation: a typical chunk's number of terms */
    public KeywordVectors(int averageTerms) {
        if (averageTerms < 1) {
            throw new IllegalArgumentException("averageTerms must be positive: " + averageTerms);
        }
        this.averageTerms = averageTerms;
    }

    /** The weights of an indexed text; empty when no term survives analysis. */
    public Sparse document(String text) {
        Map<String, Integer> frequencies = TextAnalysis.termFrequencies(analyzer, FIELD, text);
        int length = frequencies.values().stream().mapToInt(Integer::intValue).sum();
        float norm = K1 * (1 - B + B * length / averageTerms);
        Map<Integer, Float> weights = new TreeMap<>(Integer::compareUnsigned);
        frequencies.forEach((term, tf) -> weights.merge(termId(term), tf * (K1 + 1) / (tf + norm), Float::sum));
        return sparse(weights);
    }

    /** The weights of a query: 1 per distinct term (at most {@value #MAX_QUERY_TERMS}); empty when none survives. */
    public Sparse query(String text) {
        Map<Integer, Float> weights = new TreeMap<>(Integer::compareUnsigned);
        for (String term : TextAnalysis.distinctTerms(analyzer, FIELD, text, MAX_QUERY_TERMS)) {
            weights.merge(termId(term), 1f, Float::sum);
        }
        return sparse(weights);
    }

    /** The index of an analysed term: MurmurHash3 x86_32, seed 0, of its UTF-8 bytes. */
    public static int termId(String term) {
        byte[] bytes = term.getBytes(StandardCharsets.UTF_8);
        return StringHelper.murmurhash3_x86_32(bytes, 0, bytes.length, 0);
    }

    private static Sparse sparse(Map<Integer, Float> weights) {
        int[] indices = new int[weights.size()];
        float[] values = new float[weights.size()];
        int i = 0;
        for (Map.Entry<Integer, Float> e : weights.entrySet()) {
            indices[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        return new Sparse(indices, values);
    }

    @Override
    public void close() {
        analyzer.close();
    }
}
