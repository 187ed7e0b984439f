package dev.ragsuite.bench;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.InProcessModel;
import dev.ragsuite.vector.embedding.Vectors;
import dev.ragsuite.vector.embedding.provider.OnnxEmbedder;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.lucene.LuceneCompaction;
import dev.ragsuite.vector.store.lucene.LuceneVectorStore;
import dev.ragsuite.vector.store.qdrant.QdrantStoreFactory;
import dev.ragsuite.vector.store.qdrant.QdrantVectorStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.qdrant.client.QdrantClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * P3 of {@code ./rag bench all}: hybrid search over 100,000 chunks in vector-service's own embedded index
 * ({@link LuceneVectorStore}, opened in-process with the suite's default {@link FusionSettings} and model),
 * its p50/p99 latency at topK 10 and the recall@10 of its dense side against an exact scan over the same
 * vectors (the anchor); the index's size on disk and the process's RSS. The same against Qdrant
 * ({@link QdrantVectorStore}) when {@code QDRANT_URL} is set.
 *
 * <p>How the 100,000 chunks are made (docs/performance.md): the <em>seeds</em> are real chunks with their real
 * vectors (the suite's own, read from a snapshot of its index; without one, the corpus cut by the ingest
 * chunker's splitter and embedded here with the real model). Every further chunk is a {@link #variants
 * variant}: the sentences of one seed mixed with those of another seed of the same document, its vector the
 * normalised interpolation of the two real vectors plus a little Gaussian noise. The queries are sentences
 * sampled from the seeds (fixed seed), embedded with the real model as vector-service embeds a question.
 */
final class SearchAtScale {

    static final int TOP_K = 10;
    /** The random seed of the variants and of the query sample: the same run builds the same index. */
    static final long SEED = 16;
    /** Standard deviation of the Gaussian noise per dimension, before normalising (vectors have unit length). */
    static final double NOISE = 0.005;
    /** Chunks per generated document (ingest-service writes a document's chunks together; SQuAD's run ~45). */
    static final int CHUNKS_PER_DOCUMENT = 50;
    /** Chunks per write (one commit each, as the store commits every write). */
    static final int WRITE_BATCH = 1000;
    static final String OWNER = "bench-p3-owner";
    /** The warm-up runs at least this many searches, unless it has taken {@code warmUpSeconds} by then. */
    static final int WARM_UP_SEARCHES = 2000;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    /** A real chunk: its document (variants mix chunks of one document), text and unit-length vector. */
    record Seed(String document, String text, float[] vector) {
    }

    /** A chunk of the index: a seed itself or a variant of two. */
    record Chunk(String document, String text, float[] vector) {
    }

    /** A query: its text and its vector, embedded as vector-service embeds a question. */
    record Query(String text, float[] vector) {
    }

    /** What one store measured. */
    record Measured(String store, double p50Ms, double p99Ms, double denseP50Ms, double denseP99Ms, double keywordP50Ms,
            double keywordP99Ms, double recallAt10, int searches, double buildSeconds, Map<String, String> extra) {
    }

    // ------------------------------------------------------------------ the pure parts

    /**
     * {@code total} chunks: the seeds themselves first, then variants. A variant takes seed {@code a} at random
     * and a partner {@code b}, another seed of the same document (of any other document when a's has no other
     * chunk), a weight {@code t} in [0.15, 0.5); its text keeps each sentence of a with probability 1 - t and
     * each of b with probability t, in their order (at least one sentence); its vector is
     * {@code normalise((1 - t) a + t b + N(0, noise²))}. Deterministic for a given {@code seed}.
     */
    static List<Chunk> variants(List<Seed> seeds, int total, long seed, double noise) {
        if (seeds.size() < 2) {
            throw new IllegalArgumentException("at least two seed chunks are needed, got " + seeds.size());
        }
        Map<String, List<Integer>> byDocument = new LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            byDocument.computeIfAbsent(seeds.get(i).document(), d -> new ArrayList<>()).add(i);
        }
        List<Chunk> chunks = new ArrayList<>(Math.max(total, seeds.size()));
        for (Seed s : seeds.subList(0, Math.min(total, seeds.size()))) {
            chunks.add(new Chunk(s.document(), s.text(), s.vector()));
        }
        Random random = new Random(seed);
        int dims = seeds.get(0).vector().length;
        while (chunks.size() < total) {
            int ai = random.nextInt(seeds.size());
            Seed a = seeds.get(ai);
            List<Integer> siblings = byDocument.get(a.document());
            int bi;
            if (siblings.size() > 1) {
                do {
                    bi = siblings.get(random.nextInt(siblings.size()));
                } while (bi == ai);
            } else {
                do {
                    bi = random.nextInt(seeds.size());
                } while (bi == ai);
            }
            Seed b = seeds.get(bi);
            double t = 0.15 + 0.35 * random.nextDouble();
            List<String> kept = new ArrayList<>();
            List<String> as = sentences(a.text());
            List<String> bs = sentences(b.text());
            // a's and b's sentences interleaved by their relative position in their chunk
            int i = 0;
            int j = 0;
            while (i < as.size() || j < bs.size()) {
                boolean takeA = j >= bs.size() || i < as.size() && (double) i / as.size() <= (double) j / bs.size();
                if (takeA) {
                    if (random.nextDouble() < 1 - t) {
                        kept.add(as.get(i));
                    }
                    i++;
                } else {
                    if (random.nextDouble() < t) {
                        kept.add(bs.get(j));
                    }
                    j++;
                }
            }
            if (kept.isEmpty()) {
                kept.add(as.get(random.nextInt(as.size())));
            }
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = (float) ((1 - t) * a.vector()[d] + t * b.vector()[d] + noise * random.nextGaussian());
            }
            chunks.add(new Chunk(a.document(), String.join(" ", kept), Vectors.normalise(v)));
        }
        return chunks;
    }

    /** The sentences of a text (split after . ! ? followed by white space), blank ones dropped. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /**
     * {@code count} distinct sentences of at least six words from the seeds' texts, sampled with {@code seed};
     * when the seeds have fewer such sentences (the quick pass's small file), runs of eight words of them too.
     */
    static List<String> sampleQueries(List<Seed> seeds, int count, long seed) {
        List<String> sentences = seeds.stream().flatMap(s -> sentences(s.text()).stream()).toList();
        Set<String> all = new LinkedHashSet<>(sentences.stream().filter(s -> s.split("\\s+").length >= 6).toList());
        if (all.size() < count) {
            for (String sentence : sentences) {
                String[] words = sentence.split("\\s+");
                for (int from = 0; from + 8 <= words.length; from += 3) {
                    all.add(String.join(" ", Arrays.copyOfRange(words, from, from + 8)));
                }
            }
        }
        List<String> sample = new ArrayList<>(all);
        Collections.shuffle(sample, new Random(seed));
        return sample.subList(0, Math.min(count, sample.size()));
    }

    /**
     * The exact top {@code k}: the indexes of the {@code k} vectors of highest dot product with {@code query}
     * (cosine, as the vectors have unit length), best first, ties by the lower index.
     */
    static int[] exactTopK(float[][] vectors, float[] query, int k) {
        int n = Math.min(k, vectors.length);
        int[] best = new int[n];
        double[] bestScore = new double[n];
        Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            float[] v = vectors[i];
            float dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += v[d] * query[d];
            }
            if (dot > bestScore[n - 1]) {
                int at = n - 1;
                while (at > 0 && dot > bestScore[at - 1]) {
                    bestScore[at] = bestScore[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                bestScore[at] = dot;
                best[at] = i;
            }
        }
        return best;
    }

    /** The share of the exact top k found among the hits (recall@k of one query). */
    static double recall(List<Integer> found, int[] exact) {
        Set<Integer> truth = new HashSet<>();
        for (int i : exact) {
            truth.add(i);
        }
        long hits = found.stream().distinct().filter(truth::contains).count();
        return (double) hits / exact.length;
    }

    /** The p-th percentile (nearest rank) of the values, in the values' unit. */
    static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ------------------------------------------------------------------ the run

    private final int total;
    private final int queryCount;
    private final int rounds;
    private final int warmUpSeconds;
    private final LuceneCompaction compaction;
    private final List<String> details = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    SearchAtScale(int total, int queryCount, int rounds, int warmUpSeconds) {
        this(total, queryCount, rounds, warmUpSeconds, LuceneCompaction.DEFAULTS);
    }

    /**
     * @param compaction the embedded index's compaction: vector-service's defaults for the full pass (the index is
     *     searched at rest, after the service's own idle-time compaction), a short idle time for the quick pass
     */
    SearchAtScale(int total, int queryCount, int rounds, int warmUpSeconds, LuceneCompaction compaction) {
        this.total = total;
        this.queryCount = queryCount;
        this.rounds = rounds;
        this.warmUpSeconds = warmUpSeconds;
        this.compaction = compaction;
    }

    List<String> details() {
        return details;
    }

    /** The figures for results.properties ({@code p3.*}). */
    Map<String, String> figures() {
        return figures;
    }

    /**
     * Runs P3: the seeds ({@code snapshotIndex} a copy of the suite's index, or null to cut and embed
     * {@code files}), the chunks, the queries, the exact scan, then the embedded store (and Qdrant when
     * {@code qdrantUrl} is set).
     */
    void run(Path snapshotIndex, List<Path> files, int splitTokens, int splitOverlap, Path workDir, String qdrantUrl)
            throws IOException {
        InProcessModel model = EmbedBench.model();
        ExecutorService executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            OnnxEmbedder embedder = new OnnxEmbedder(model, executor, new SimpleMeterRegistry());
            List<Seed> seeds = null;
            if (snapshotIndex != null) {
                seeds = seedsFromSnapshot(snapshotIndex, model);
                row("seeds", seeds.size() + " of the suite's chunks and their vectors, read from a snapshot of its index");
                figures.put("p3.seedSource", "the suite's indexed chunks");
            }
            if (seeds == null) {
                long start = System.nanoTime();
                seeds = seedsFromFiles(files, splitTokens, splitOverlap, embedder);
                row("seeds", String.format(Locale.ROOT, "%d chunks of %d files (splitter %d/%d tokens), embedded here in %.1f s",
                        seeds.size(), files.size(), splitTokens, splitOverlap, (System.nanoTime() - start) / 1e9));
                figures.put("p3.seedSource", "the corpus cut and embedded by the bench");
            }
            List<Chunk> chunks = variants(seeds, total, SEED, NOISE);
            row("chunks", String.format(Locale.ROOT, "%d (%d seeds + %d variants: sentences of two chunks of one document,"
                    + " vector = normalised interpolation + N(0, %.3f^2) noise)", chunks.size(), Math.min(seeds.size(), total),
                    chunks.size() - Math.min(seeds.size(), total), NOISE));
            long embedStart = System.nanoTime();
            List<Query> queries = new ArrayList<>();
            for (String text : sampleQueries(seeds, queryCount, SEED)) {
                queries.add(new Query(text, embedder.embed(text)));
            }
            row("queries", String.format(Locale.ROOT, "%d sentences sampled from the seeds, embedded with %s in %.1f s",
                    queries.size(), model.id(), (System.nanoTime() - embedStart) / 1e9));

            float[][] vectors = new float[chunks.size()][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = chunks.get(i).vector();
            }
            int[][] exact = new int[queries.size()][];
            long[] exactNanos = new long[queries.size()];
            for (int q = 0; q < queries.size(); q++) {
                long start = System.nanoTime();
                exact[q] = exactTopK(vectors, queries.get(q).vector(), TOP_K);
                exactNanos[q] = System.nanoTime() - start;
            }
            figures.put("p3.exact.p50Ms", fmt(percentile(exactNanos, 50) / 1e6));
            figures.put("p3.exact.p99Ms", fmt(percentile(exactNanos, 99) / 1e6));
            figures.put("p3.chunks", String.valueOf(chunks.size()));
            figures.put("p3.queries", String.valueOf(queries.size()));
            figures.put("p3.owners", "1");

            Path indexDir = workDir.resolve("p3-index");
            Measured lucene;
            try (LuceneVectorStore store = new LuceneVectorStore(indexDir, model.id(), model.dimensions(), FusionSettings.DEFAULTS,
                    compaction)) {
                lucene = measure("lucene", store, chunks, queries, exact);
                long bytes = size(indexDir);
                figures.put("p3.indexMb", fmt(bytes / 1024.0 / 1024.0));
                figures.put("p3.segments", String.valueOf(segments(indexDir)));
                figures.put("p3.rssMb", fmt(rssKb() / 1024.0));
                Runtime rt = Runtime.getRuntime();
                figures.put("p3.heapUsedMb", fmt((rt.totalMemory() - rt.freeMemory()) / 1024.0 / 1024.0));
            } finally {
                IndexChunks.delete(indexDir);
            }
            put("p3", lucene);
            row("embedded index on disk", figures.get("p3.indexMb") + " MB in " + figures.get("p3.segments") + " segments");
            row("process RSS after the searches", figures.get("p3.rssMb") + " MB (the bench's JVM: index, ONNX model,"
                    + " the exact scan's copy of the vectors; heap in use " + figures.get("p3.heapUsedMb") + " MB)");

            if (qdrantUrl == null || qdrantUrl.isBlank()) {
                figures.put("p3.qdrant.reason", "QDRANT_URL is not set");
                System.err.println("SKIPPED: P3 against Qdrant (QDRANT_URL is not set)");
            } else {
                qdrant(qdrantUrl, model, chunks, queries, exact);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private void qdrant(String url, InProcessModel model, List<Chunk> chunks, List<Query> queries, int[][] exact) {
        Duration timeout = Duration.ofSeconds(60);
        String collection = "ragbench_p3_" + UUID.randomUUID().toString().substring(0, 8);
        QdrantClient client = QdrantStoreFactory.connect(url, Optional.ofNullable(System.getenv("QDRANT_API_KEY")), timeout);
        QdrantStoreFactory factory = new QdrantStoreFactory(client, "ragbench", FusionSettings.DEFAULTS, timeout, 256, 60,
                OpenTelemetry.noop().getTracer("rag-bench"));
        try {
            Optional<String> unreachable = factory.probe();
            if (unreachable.isPresent()) {
                figures.put("p3.qdrant.reason", "Qdrant at " + url + " does not answer: " + unreachable.get());
                System.err.println("SKIPPED: P3 against Qdrant: " + figures.get("p3.qdrant.reason"));
                return;
            }
            try (VectorStore store = new QdrantVectorStore(client, collection, model.id(), model.dimensions(),
                    FusionSettings.DEFAULTS, timeout, 256, 60, OpenTelemetry.noop().getTracer("rag-bench"))) {
                put("p3.qdrant", measure("qdrant", store, chunks, queries, exact));
            } finally {
                factory.delete(collection);
            }
        } catch (IOException | RuntimeException e) {
            figures.put("p3.qdrant.reason", "failed against " + url + ": " + e);
            System.err.println("[bench] P3: Qdrant failed: " + e);
        } finally {
            factory.close();
        }
    }

    /** Writes the chunks into the store (one owner), then the warm-up, the timed searches and the recall. */
    private Measured measure(String name, VectorStore store, List<Chunk> chunks, List<Query> queries, int[][] exact) {
        System.err.println("[bench] P3: writing " + chunks.size() + " chunks into the " + name + " store");
        long buildStart = System.nanoTime();
        for (int from = 0; from < chunks.size(); from += WRITE_BATCH) {
            List<ExportedChunk> batch = new ArrayList<>(WRITE_BATCH);
            for (int i = from; i < Math.min(chunks.size(), from + WRITE_BATCH); i++) {
                int document = i / CHUNKS_PER_DOCUMENT;
                Chunk c = chunks.get(i);
                batch.add(new ExportedChunk(OWNER, UUID.nameUUIDFromBytes(("p3-document-" + document).getBytes(StandardCharsets.UTF_8)),
                        c.document() + " #" + document, 0, false,
                        new StoredChunk(chunkId(i), i % CHUNKS_PER_DOCUMENT, c.text(), c.vector())));
            }
            store.importChunks(batch);
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        row(name + ": written in", String.format(Locale.ROOT, "%.1f s (%.0f chunks/s, batches of %d, one owner)",
                buildSeconds, chunks.size() / buildSeconds, WRITE_BATCH));
        if (store instanceof LuceneVectorStore lucene) {
            atRest(name, lucene);
        }

        System.err.println("[bench] P3: " + queries.size() + " queries: warm-up, then " + rounds + " timed rounds");
        // warm-up (the JIT): every query in both modes, again until WARM_UP_SEARCHES or WARM_UP_SECONDS are reached
        long warmUpStart = System.nanoTime();
        int warmUp = 0;
        do {
            for (Query q : queries) {
                store.search(OWNER, q.text(), q.vector(), TOP_K, RetrievalMode.HYBRID);
                store.search(OWNER, q.text(), q.vector(), TOP_K, RetrievalMode.DENSE);
                store.search(OWNER, q.text(), q.vector(), TOP_K, RetrievalMode.BM25);
                warmUp += 3;
            }
        } while (warmUp < WARM_UP_SEARCHES && System.nanoTime() - warmUpStart < warmUpSeconds * 1_000_000_000L);
        row(name + ": warm-up", String.format(Locale.ROOT, "%d searches in %.1f s", warmUp, (System.nanoTime() - warmUpStart) / 1e9));
        double recallSum = 0;
        for (int q = 0; q < queries.size(); q++) {
            List<ScoredChunk> hits = store.search(OWNER, queries.get(q).text(), queries.get(q).vector(), TOP_K, RetrievalMode.DENSE);
            recallSum += recall(hits.stream().map(h -> chunkIndex(h.chunkId())).toList(), exact[q]);
        }
        List<Integer> order = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            order.add(q);
        }
        Random shuffle = new Random(SEED);
        long[] hybrid = new long[rounds * queries.size()];
        long[] dense = new long[rounds * queries.size()];
        long[] keyword = new long[rounds * queries.size()];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, shuffle);
            for (int q : order) {
                Query query = queries.get(q);
                long start = System.nanoTime();
                store.search(OWNER, query.text(), query.vector(), TOP_K, RetrievalMode.HYBRID);
                long mid = System.nanoTime();
                store.search(OWNER, query.text(), query.vector(), TOP_K, RetrievalMode.DENSE);
                long third = System.nanoTime();
                store.search(OWNER, query.text(), query.vector(), TOP_K, RetrievalMode.BM25);
                keyword[n] = System.nanoTime() - third;
                dense[n] = third - mid;
                hybrid[n++] = mid - start;
            }
        }
        Measured m = new Measured(name, percentile(hybrid, 50) / 1e6, percentile(hybrid, 99) / 1e6, percentile(dense, 50) / 1e6,
                percentile(dense, 99) / 1e6, percentile(keyword, 50) / 1e6, percentile(keyword, 99) / 1e6,
                recallSum / queries.size(), hybrid.length, buildSeconds, Map.of());
        row(name + ": hybrid p50 / p99 (topK " + TOP_K + ")", String.format(Locale.ROOT, "%.2f / %.2f ms over %d searches",
                m.p50Ms(), m.p99Ms(), m.searches()));
        row(name + ": dense p50 / p99", String.format(Locale.ROOT, "%.2f / %.2f ms", m.denseP50Ms(), m.denseP99Ms()));
        row(name + ": keyword (BM25) p50 / p99", String.format(Locale.ROOT, "%.2f / %.2f ms", m.keywordP50Ms(), m.keywordP99Ms()));
        row(name + ": dense recall@" + TOP_K + " vs the exact scan", String.format(Locale.ROOT, "%.4f", m.recallAt10()));
        return m;
    }

    /**
     * Waits for the index to come to rest as vector-service's does: its own compaction merges it once no write has
     * come for the idle time ({@link LuceneCompaction}); the searches are timed after that, as a service's are
     * between uploads.
     */
    private void atRest(String name, LuceneVectorStore store) {
        int written = store.segments();
        long start = System.nanoTime();
        long deadline = start + compaction.idleAfter().toNanos() + Duration.ofMinutes(15).toNanos();
        System.err.println("[bench] P3: " + written + " segments written; waiting for the store's compaction (idle after "
                + compaction.idleAfter().toSeconds() + " s)");
        try {
            while (compaction.enabled() && written > 1 && store.compactions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the index's compaction", e);
        }
        row(name + ": at rest", store.compactions() > 0
                ? String.format(Locale.ROOT, "%d segments compacted into %d by the store, %.1f s after the last write (idle time %d s)",
                        written, store.segments(), (System.nanoTime() - start) / 1e9, compaction.idleAfter().toSeconds())
                : written + " segments, not compacted (" + (compaction.enabled() ? "nothing to merge or timed out" : "compaction off") + ")");
    }

    private void put(String prefix, Measured m) {
        figures.put(prefix + ".p50Ms", fmt(m.p50Ms()));
        figures.put(prefix + ".p99Ms", fmt(m.p99Ms()));
        figures.put(prefix + ".denseP50Ms", fmt(m.denseP50Ms()));
        figures.put(prefix + ".denseP99Ms", fmt(m.denseP99Ms()));
        figures.put(prefix + ".keywordP50Ms", fmt(m.keywordP50Ms()));
        figures.put(prefix + ".keywordP99Ms", fmt(m.keywordP99Ms()));
        figures.put(prefix + ".recallAt10", String.format(Locale.ROOT, "%.4f", m.recallAt10()));
        figures.put(prefix + ".searches", String.valueOf(m.searches()));
        figures.put(prefix + ".buildS", fmt(m.buildSeconds()));
        figures.put(prefix + ".measured", "true");
    }

    /** Every live, visible chunk of the suite's index with its vector, read with vector-service's store; null when it cannot. */
    private List<Seed> seedsFromSnapshot(Path indexDir, InProcessModel model) {
        try (LuceneVectorStore store = new LuceneVectorStore(indexDir, model.id(), model.dimensions(), FusionSettings.DEFAULTS)) {
            List<Seed> seeds = new ArrayList<>();
            List<String> keys = new ArrayList<>(store.keys());
            Collections.sort(keys); // a fixed order, so the variants are the same run after run
            for (ExportedChunk c : store.read(keys).values()) {
                if (!c.staged() && c.chunk().vector().length == model.dimensions()) {
                    seeds.add(new Seed(c.documentId().toString(), c.chunk().text(), c.chunk().vector()));
                }
            }
            seeds.sort((x, y) -> x.document().equals(y.document()) ? x.text().compareTo(y.text()) : x.document().compareTo(y.document()));
            return seeds.size() >= 2 ? seeds : null;
        } catch (IOException | RuntimeException e) {
            row("seeds", "the suite's index could not be read (" + e.getMessage() + "): the corpus is cut and embedded here");
            return null;
        }
    }

    private static List<Seed> seedsFromFiles(List<Path> files, int tokens, int overlap, OnnxEmbedder embedder) throws IOException {
        var splitter = DocumentSplitters.recursive(tokens, overlap, new HuggingFaceTokenCountEstimator());
        List<String> documents = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            splitter.split(Document.from(text)).forEach(segment -> {
                documents.add(file.getFileName().toString());
                texts.add(segment.text());
            });
        }
        List<Seed> seeds = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += 64) {
            List<float[]> vectors = embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + 64)));
            for (int i = 0; i < vectors.size(); i++) {
                seeds.add(new Seed(documents.get(from + i), texts.get(from + i), vectors.get(i)));
            }
        }
        return seeds;
    }

    static String chunkId(int index) {
        return "p3-" + index;
    }

    static int chunkIndex(String chunkId) {
        return Integer.parseInt(chunkId.substring(3));
    }

    private void row(String what, String value) {
        details.add(String.format(Locale.ROOT, "%-62s %s", "P3 " + what, value));
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".si")).count();
        }
    }

    /** VmRSS of this process, in kB (0 where /proc is missing). */
    static long rssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
