package dev.ragsuite.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.vector.embedding.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SearchAtScaleTest {

    private static final int DIMS = 8;

    private static List<SearchAtScale.Seed> seeds() {
        Random random = new Random(1);
        List<SearchAtScale.Seed> seeds = new ArrayList<>();
        String[] documents = {"a.md", "a.md", "a.md", "b.md", "b.md", "c.md"};
        for (int i = 0; i < documents.length; i++) {
            float[] v = new float[DIMS];
            for (int d = 0; d < DIMS; d++) {
                v[d] = (float) random.nextGaussian();
            }
            seeds.add(new SearchAtScale.Seed(documents[i], documents[i] + " sentence one of " + i + ". Then sentence two of " + i
                    + "! And is sentence three of " + i + " here with a few more words? Last words of " + i + ".", Vectors.normalise(v)));
        }
        return seeds;
    }

    @Test
    void variantsAreTheSameRunAfterRun() {
        List<SearchAtScale.Chunk> one = SearchAtScale.variants(seeds(), 500, 16, 0.005);
        List<SearchAtScale.Chunk> two = SearchAtScale.variants(seeds(), 500, 16, 0.005);
        assertEquals(500, one.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).text(), two.get(i).text(), "text of chunk " + i);
            assertArrayEquals(one.get(i).vector(), two.get(i).vector(), "vector of chunk " + i);
        }
        List<SearchAtScale.Chunk> other = SearchAtScale.variants(seeds(), 500, 17, 0.005);
        assertFalse(java.util.stream.IntStream.range(6, 500).allMatch(i -> one.get(i).text().equals(other.get(i).text())),
                "another seed gives other variants");
    }

    @Test
    void variantsStartWithTheSeedsAndMixSentencesOfOneDocument() {
        List<SearchAtScale.Seed> seeds = seeds();
        List<SearchAtScale.Chunk> chunks = SearchAtScale.variants(seeds, 300, 16, 0.005);
        for (int i = 0; i < seeds.size(); i++) {
            assertEquals(seeds.get(i).text(), chunks.get(i).text());
            assertSame(seeds.get(i).vector(), chunks.get(i).vector(), "a seed keeps its real vector");
        }
        Set<String> distinct = chunks.stream().map(SearchAtScale.Chunk::text).collect(Collectors.toSet());
        assertTrue(distinct.size() > 50, "variants differ: " + distinct.size() + " distinct texts");
        for (SearchAtScale.Chunk c : chunks) {
            double norm = 0;
            for (float x : c.vector()) {
                norm += x * x;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5, "unit length");
            for (String sentence : SearchAtScale.sentences(c.text())) {
                // every sentence comes from a seed of the chunk's document; c.md has one seed, so its partner is any other
                boolean fromDocument = seeds.stream().filter(s -> s.document().equals(c.document()) || c.document().equals("c.md"))
                        .anyMatch(s -> SearchAtScale.sentences(s.text()).contains(sentence));
                assertTrue(fromDocument, "'" + sentence + "' in a chunk of " + c.document());
            }
        }
        // a variant of a.md lies between two a.md seeds: closer to them than the noise alone would put it
        SearchAtScale.Chunk variant = chunks.stream().skip(seeds.size()).filter(c -> c.document().equals("a.md")).findFirst().orElseThrow();
        double best = 0;
        for (SearchAtScale.Seed s : seeds.subList(0, 3)) {
            best = Math.max(best, dot(s.vector(), variant.vector()));
        }
        assertTrue(best > 0.5, "cosine to its nearest a.md seed: " + best);
        assertThrows(IllegalArgumentException.class, () -> SearchAtScale.variants(seeds.subList(0, 1), 10, 16, 0.005));
    }

    @Test
    void exactTopKIsTheBestByDotProductBestFirst() {
        float[][] vectors = {{1, 0}, {0, 1}, {0.8f, 0.6f}, {-1, 0}, {0.6f, 0.8f}};
        assertArrayEquals(new int[] {0, 2, 4}, SearchAtScale.exactTopK(vectors, new float[] {1, 0}, 3));
        assertArrayEquals(new int[] {1, 4}, SearchAtScale.exactTopK(vectors, new float[] {0, 1}, 2));
        assertArrayEquals(new int[] {0, 1}, SearchAtScale.exactTopK(new float[][] {{1, 0}, {1, 0}}, new float[] {1, 0}, 5),
                "ties by the lower index; never more than there are vectors");
    }

    @Test
    void recallCountsTheExactTopKFound() {
        int[] exact = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(1.0, SearchAtScale.recall(List.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), exact), 1e-12, "order does not matter");
        assertEquals(0.7, SearchAtScale.recall(List.of(1, 2, 3, 4, 5, 6, 7, 11, 12, 13), exact), 1e-12);
        assertEquals(0.1, SearchAtScale.recall(List.of(1, 1, 1), exact), 1e-12, "a hit counted once");
        assertEquals(0.0, SearchAtScale.recall(List.of(), exact), 1e-12);
    }

    @Test
    void percentileIsTheNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // 100..1, unsorted
        }
        assertEquals(50, SearchAtScale.percentile(values, 50), 1e-12);
        assertEquals(99, SearchAtScale.percentile(values, 99), 1e-12);
        assertEquals(100, SearchAtScale.percentile(values, 100), 1e-12);
        assertEquals(7, SearchAtScale.percentile(new long[] {7}, 99), 1e-12);
    }

    @Test
    void queriesAreDistinctSentencesSampledTheSameWay() {
        List<String> one = SearchAtScale.sampleQueries(seeds(), 5, 16);
        assertEquals(one, SearchAtScale.sampleQueries(seeds(), 5, 16));
        assertEquals(5, Set.copyOf(one).size());
        assertNotEquals(one, SearchAtScale.sampleQueries(seeds(), 5, 99));
        // more than the six long sentences (one per seed): runs of eight words of them fill up
        List<String> more = SearchAtScale.sampleQueries(seeds(), 40, 16);
        assertTrue(more.size() > 6, more.toString());
        assertTrue(more.stream().anyMatch(q -> q.split(" ").length == 8 && !q.endsWith("?")), more.toString());
        assertEquals("p3-12345", SearchAtScale.chunkId(12345));
        assertEquals(12345, SearchAtScale.chunkIndex(SearchAtScale.chunkId(12345)));
    }

    @Test
    void reportPutsP3BesideTheExactScan() {
        Properties r = new Properties();
        r.setProperty("p3.measured", "true");
        r.setProperty("p3.chunks", "100000");
        r.setProperty("p3.p50Ms", "3.2");
        r.setProperty("p3.p99Ms", "8.5");
        r.setProperty("p3.denseP50Ms", "1.5");
        r.setProperty("p3.denseP99Ms", "4.0");
        r.setProperty("p3.keywordP50Ms", "1.25");
        r.setProperty("p3.keywordP99Ms", "3.5");
        r.setProperty("p3.exact.p50Ms", "34");
        r.setProperty("p3.exact.p99Ms", "42.5");
        r.setProperty("p3.recallAt10", "0.9912");
        r.setProperty("p3.queries", "300");
        r.setProperty("p3.searches", "900");
        r.setProperty("p3.owners", "1");
        r.setProperty("p3.indexMb", "420.5");
        r.setProperty("p3.segments", "12");
        r.setProperty("p3.rssMb", "900");
        r.setProperty("p3.buildS", "200");
        r.setProperty("p3.seedSource", "the suite's indexed chunks");
        r.setProperty("p3.qdrant.reason", "QDRANT_URL is not set");
        List<String> table = new ArrayList<>();
        JsonNode p3 = BenchAll.figures(r, table).path("p3");
        assertEquals(100000, p3.path("chunks").asLong());
        assertEquals(8.5, p3.path("p99Ms").asDouble(), 1e-9);
        assertEquals(3.2, p3.path("p50Ms").asDouble(), 1e-9);
        assertEquals(1.25, p3.path("keywordP50Ms").asDouble(), 1e-9);
        assertEquals(3.5, p3.path("keywordP99Ms").asDouble(), 1e-9);
        assertEquals(0.9912, p3.path("recallAt10").asDouble(), 1e-9);
        assertEquals(420.5, p3.path("indexMb").asDouble(), 1e-9);
        assertEquals(900, p3.path("rssMb").asDouble(), 1e-9);
        assertEquals(1, p3.path("owners").asInt());
        assertFalse(p3.at("/qdrant/measured").asBoolean(true));
        assertEquals("QDRANT_URL is not set", p3.at("/qdrant/reason").asText());
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P3") && l.contains("exact scan p99") && l.contains("0.20x")),
                String.join("\n", table));
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P3") && l.contains("NOT MEASURED: QDRANT_URL is not set")));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
