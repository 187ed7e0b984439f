package dev.ragsuite.vector.store.lucene;

import static dev.ragsuite.vector.store.lucene.LuceneFields.F_KEY;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_PUBLISHED;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_STAGED;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_TEXT;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_VECTOR;
import static dev.ragsuite.vector.store.lucene.LuceneQueries.and;
import static dev.ragsuite.vector.store.lucene.LuceneQueries.documentQuery;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.text.TextAnalysis;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.store.BaseVectorStore;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.hybrid.HybridFusion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.jboss.logging.Logger;

/**
 * The embedded vector store: one Apache Lucene index on disk holding, per chunk, its text (BM25,
 * English analysis) and its embedding (HNSW, cosine). Search is hybrid — a keyword query and a
 * k-nearest-neighbour query, each with the owner filter inside the query, fused by
 * {@link HybridFusion}. Every write is committed before it returns, so the index survives a
 * restart or a crash; one {@link IndexWriter} serves the whole process (Lucene's write lock
 * keeps a second process out of the folder). The document layout is {@link LuceneFields}'s, the
 * queries {@link LuceneQueries}', the manifest in each commit {@link LuceneManifest}'s, copies of a
 * commit {@link LuceneSnapshots}' and reading chunks back for a re-index {@link LuceneExport}'s.
 *
 * <p>A chunk's update key is its owner plus its chunk id, so a chunk id reused by another owner
 * can never overwrite that owner's chunk.
 *
 * <p><b>Versions.</b> Chunks written with a document version are <em>staged</em>: a numeric doc value
 * {@code staged=1} keeps them out of both the dense and the keyword search (the filter is part of
 * each query). {@link #activate} then, under the write lock and in one commit followed by one
 * searcher refresh, deletes every chunk of the document's other versions and flips {@code staged}
 * to 0 for the new version (an in-place doc-values update, no re-embedding). Readers only ever see
 * searchers opened before or after that commit, so a document is never half old, half new, and
 * never absent. Chunks written without a version are visible at once ({@code staged=0}).
 *
 * <p><b>Compaction.</b> Every write is a commit, so an index grown by ingestion is many segments, and a
 * search pays its term lookups and an HNSW graph search once per segment (and, at 100,000 chunks, its
 * allocations: the young collections are the tail of its latency). Once no commit has come for {@link
 * LuceneCompaction#idleAfter()}, the index is merged into as few segments as its size allows ({@link
 * #compactIfIdle()}, on a daemon thread shared by every open index): P3 of {@code ./rag bench} at 100,000
 * chunks went from 14 segments and hybrid p50 7.8 / p99 20.1 ms to one segment and 3.3 / 8.3 ms, the index
 * on disk from 430 to 186 MB (docs/performance.md). Searches and writes go on during a compaction; a write
 * during one starts the idle time again.
 */
public final class LuceneVectorStore extends BaseVectorStore {

    private static final Logger LOG = Logger.getLogger(LuceneVectorStore.class);

    public static final String NAME = "lucene";

    private static final Similarity SIMILARITY = new BM25Similarity(0.9f, 0.4f);

    /**
     * The dense side's HNSW search explores at least this many nearest candidates per segment (Lucene's
     * {@code k} is also the search's beam width, {@code ef}); the best {@code candidates} of them are kept, so
     * what fusion sees is unchanged, only closer to the exact nearest neighbours. Measured by {@code ./rag
     * bench all} (P3, docs/performance.md): at 100,000 chunks under one owner, recall@10 against an exact scan
     * was 0.967 with a beam of 40 (the candidates of topK 10), 0.978-0.984 with 100 in segments of Lucene's
     * default merge policy, 0.973-0.975 with 100 in the fewer, larger segments of {@link #mergePolicy(LuceneCompaction)}
     * (one graph search per segment finds less in a larger graph), and 0.988-0.995 with 160 — with the bench's own
     * cut of the corpus as seeds; with the suite's chunks as seeds (the full run) it stayed at 0.971-0.973.
     */
    static final int MIN_KNN_BEAM = 160;

    /**
     * ... and at least this many over all segments together: a compacted index is one segment, and one graph
     * search needs a wider beam than several. At 100,000 chunks in one segment (P3, the suite's 2,222 chunks as
     * seeds: dense neighbourhoods), three graphs built alike gave a dense recall@10 of 0.973 with a beam of 240,
     * 0.978 to 0.991 with 400, 0.991 and 0.998 with 640 and 0.999 with 800-1,000; the dense search's p50 rose
     * from 1.9-2.1 ms (240-400) to 2.5 ms (640) and 3.3 ms (1,000) (docs/performance.md, "An index at rest").
     * With the bench's own cut of the corpus as seeds one segment found 0.977 with 160 and 0.998 with 240, three
     * segments at 160 each 0.995.
     */
    static final int MIN_KNN_TOTAL_BEAM = 640;

    /** Runs {@link #compactIfIdle()} of every open index that compacts; one daemon thread for the process. */
    private static final ScheduledExecutorService COMPACTION_THREAD = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.numbered("lucene-compaction"));

    /**
     * One search fans out over the index's segments (slices of them) on these threads, the calling thread
     * taking its share: a search at 100,000 chunks is mostly per-segment HNSW and BM25 work. One pool per
     * process for every open index, as many threads as cores, daemons (nothing to close).
     */
    private static final ExecutorService SEARCH_THREADS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), DaemonThreads.numbered("lucene-search"));

    /**
     * A hybrid search hands its keyword side to one of these while the calling thread runs the dense side: an
     * index at rest is one segment ({@link LuceneCompaction}), which the searcher cannot spread over
     * {@link #SEARCH_THREADS}, so the two sides would otherwise run one after the other on one core. Only while
     * one of them is free ({@link #KEYWORD_PERMITS}): under load every core is busy anyway, and a hand-off would
     * only add a queue and a thread switch to each search, so then both sides run on the calling thread. A pool of
     * its own, so a keyword search waiting on its segments' slices never holds a thread those slices need. As many
     * threads as cores, daemons.
     */
    private static final ExecutorService KEYWORD_THREADS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), DaemonThreads.numbered("lucene-keyword"));
    private static final Semaphore KEYWORD_PERMITS = new Semaphore(Runtime.getRuntime().availableProcessors());

    /**
     * The owner filter (own or published, not staged) is the same for every search of one owner and is
     * evaluated on every segment for both retrievers: the store caches it per segment in this cache, for
     * every segment (Lucene's default cache skips segments under 10,000 documents or under half the
     * average segment's size, most segments of a growing index). Lucene keeps it correct: entries are per segment, deletions are applied on top, and a
     * segment whose {@code staged}/{@code published} doc values were updated in place is not cached.
     */
    private static final int FILTER_CACHE_QUERIES = 256;
    private static final long FILTER_CACHE_BYTES = 16L * 1024 * 1024;

    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final LuceneSnapshots snapshots;
    private final SearcherManager searchers;
    private final LRUQueryCache filterCache = new LRUQueryCache(FILTER_CACHE_QUERIES, FILTER_CACHE_BYTES, leaf -> true, 10f);
    /** The text analysis recorded in the index manifest (see {@link LuceneManifest#MANIFEST_ANALYZER}). */
    private volatile String analysis;
    private final Path indexDir;
    private final LuceneCompaction compaction;
    private final ScheduledFuture<?> compactionTask;
    /** {@link System#nanoTime()} of the last commit (or of the opening). */
    private volatile long lastCommitNanos = System.nanoTime();
    private volatile boolean compacting;
    private final AtomicLong compactions = new AtomicLong();

    /**
     * Opens (or creates) the index in {@code indexDir}.
     *
     * @param dimensions length of every vector stored and searched; must match an existing index
     * @throws IOException if the folder cannot be opened, or another process holds the index
     */
    public LuceneVectorStore(Path indexDir, int dimensions, FusionSettings settings) throws IOException {
        this(indexDir, LuceneManifest.UNNAMED_MODEL, dimensions, settings);
    }

    /**
     * Opens (or creates) the index in {@code indexDir} for vectors of {@code model}. The model and the
     * dimensions are recorded in every commit (the index manifest); an index recorded for another
     * model or another dimension count is refused, so vectors of two models never mix.
     */
    public LuceneVectorStore(Path indexDir, String model, int dimensions, FusionSettings settings) throws IOException {
        this(indexDir, model, dimensions, settings, LuceneCompaction.DEFAULTS);
    }

    /** As {@link #LuceneVectorStore(Path, String, int, FusionSettings)}, compacted as {@code compaction} says. */
    public LuceneVectorStore(Path indexDir, String model, int dimensions, FusionSettings settings, LuceneCompaction compaction)
            throws IOException {
        super(NAME, model, dimensions, settings);
        this.indexDir = indexDir;
        this.compaction = compaction;
        this.analyzer = TextAnalysis.analyzer();
        Files.createDirectories(indexDir);
        this.snapshots = new LuceneSnapshots(indexDir);
        this.directory = FSDirectory.open(indexDir);
        IndexWriter openedWriter = null;
        SearcherManager openedSearchers = null;
        try {
            openedWriter = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                    .setSimilarity(SIMILARITY)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setIndexDeletionPolicy(snapshots.deletionPolicy())
                    .setCommitOnClose(true)
                    .setMergePolicy(mergePolicy(compaction)));
            openedSearchers = new SearcherManager(openedWriter, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
                    IndexSearcher searcher = new IndexSearcher(reader, SEARCH_THREADS);
                    searcher.setSimilarity(SIMILARITY);
                    searcher.setQueryCache(filterCache);
                    return searcher;
                }
            });
            LuceneManifest.Recorded recorded = LuceneManifest.open(openedWriter, openedSearchers, model, dimensions);
            this.chunkerVersion = recorded.chunker();
            this.analysis = recorded.analysis();
        } catch (IOException | RuntimeException e) {
            closeQuietly(openedSearchers, openedWriter, e);
            directory.close();
            analyzer.close();
            throw e;
        }
        this.writer = openedWriter;
        this.searchers = openedSearchers;
        this.open = true;
        long checkMs = Math.max(100, compaction.idleAfter().toMillis() / 2);
        this.compactionTask = !compaction.enabled() ? null
                : COMPACTION_THREAD.scheduleWithFixedDelay(this::compactIfIdle, checkMs, checkMs, TimeUnit.MILLISECONDS);
        if (!TextAnalysis.ID.equals(analysis)) {
            LOG.warnf("The keyword terms of the index in %s were made by the text analysis %s, this service makes %s:"
                    + " keyword search matches them less well until they are re-analysed (see reanalyze)", indexDir,
                    analysis == null ? "(not recorded: older than the record)" : analysis, TextAnalysis.ID);
        }
    }

    /** The text analysis the index's keyword terms were made with ({@link TextAnalysis#ID} for a new index), null when not recorded. */
    public String analysis() {
        return analysis;
    }

    /** Whether the keyword terms were made by another text analysis than this code's (or one not recorded). */
    public boolean needsReanalysis() {
        return !TextAnalysis.ID.equals(analysis);
    }

    /**
     * Writes every chunk again, as it is (text, vector, owner, version, staged and published flags), so that
     * its keyword terms are made by this code's {@link TextAnalysis}; then records that analysis in the
     * manifest. Batch by batch, each read and rewritten under the write lock, so a chunk changed or deleted
     * meanwhile is never overwritten with an older copy nor brought back; searches go on throughout (the
     * chunks of a batch are replaced in one commit). Until the last batch the manifest still names the old
     * analysis, so a restart midway starts over. Nothing is embedded again.
     *
     * @param stop asked before each batch; true ends the pass early (the manifest unchanged)
     * @return the chunks rewritten, or -1 when stopped early
     */
    public long reanalyze(int batchSize, BooleanSupplier stop) {
        List<String> keys = keys();
        long rewritten = 0;
        for (int from = 0; from < keys.size(); from += batchSize) {
            if (stop.getAsBoolean()) {
                return -1;
            }
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
            writeLock.lock();
            try {
                ensureOpen();
                Map<String, ExportedChunk> current = read(batch);
                List<Document> documents = new ArrayList<>(current.size());
                for (ExportedChunk chunk : current.values()) {
                    documents.add(LuceneFields.document(chunk));
                }
                writer.updateDocuments(new TermInSetQuery(F_KEY, current.keySet().stream().map(BytesRef::new).toList()),
                        documents);
                commitAndRefresh();
                rewritten += documents.size();
            } catch (IOException e) {
                throw new UncheckedIOException("could not rewrite chunks of the vector index", e);
            } finally {
                writeLock.unlock();
            }
        }
        writeLock.lock();
        try {
            ensureOpen();
            analysis = TextAnalysis.ID;
            LuceneManifest.noteChunker(writer, model, dimensions, chunkerVersion, analysis);
            commitAndRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the text analysis in the vector index", e);
        } finally {
            writeLock.unlock();
        }
        return rewritten;
    }

    // --- writes ---

    /**
     * Replaces the chunks with these keys in one commit: the old versions are deleted and the new ones
     * added atomically, and the manifest notes the latest chunker version.
     */
    @Override
    protected int writeChunks(List<ExportedChunk> chunks) {
        List<BytesRef> keys = new ArrayList<>(chunks.size());
        List<Document> documents = new ArrayList<>(chunks.size());
        for (ExportedChunk chunk : chunks) {
            keys.add(new BytesRef(chunk.key()));
            documents.add(LuceneFields.document(chunk));
        }
        writeLock.lock();
        try {
            ensureOpen();
            writer.updateDocuments(new TermInSetQuery(F_KEY, keys), documents);
            noteChunker(chunks);
            commitAndRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the vector index", e);
        } finally {
            writeLock.unlock();
        }
        return documents.size();
    }

    @Override
    protected void recordChunker(String latest) {
        LuceneManifest.noteChunker(writer, model, dimensions, latest, analysis);
    }

    @Override
    public Activation activate(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        requireVersion(version);
        Term versionTerm = LuceneQueries.versionTerm(ownerId, documentId, version);
        Query otherVersions = new BooleanQuery.Builder()
                .add(documentQuery(ownerId, document(documentId)), Occur.FILTER)
                .add(new TermQuery(versionTerm), Occur.MUST_NOT)
                .build();
        Query stagedOfVersion = LuceneQueries.stagedOf(versionTerm);
        writeLock.lock();
        try {
            ensureOpen();
            long removed = count(otherVersions);
            long staged = count(stagedOfVersion);
            if (removed == 0 && staged == 0) {
                return new Activation(count(new TermQuery(versionTerm)), 0); // already active: nothing to do
            }
            writer.deleteDocuments(otherVersions);
            if (staged > 0) {
                writer.updateNumericDocValue(versionTerm, F_STAGED, 0);
            }
            commitAndRefresh(); // one commit, one refresh: the swap is atomic for readers
            return new Activation(count(new TermQuery(versionTerm)), removed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not activate a document version", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Flips the published flag of every chunk of the document (each version's term, a doc-values update in
     * place) in one commit. An index written before the flag existed has no such field yet; its chunks are
     * then rewritten with the flag.
     */
    @Override
    public long setPublished(String ownerId, UUID documentId, boolean published) {
        requireOwner(ownerId);
        Query document = documentQuery(ownerId, document(documentId));
        writeLock.lock();
        try {
            ensureOpen();
            List<String> keys = withSearcher("could not read the vector index", s -> LuceneExport.keys(s, document, ownerId));
            try {
                for (int version : withSearcher("could not read the vector index", s -> LuceneExport.versions(s, document))) {
                    writer.updateNumericDocValue(LuceneQueries.versionTerm(ownerId, documentId, version), F_PUBLISHED,
                            published ? 1 : 0);
                }
                commitAndRefresh();
            } catch (IllegalArgumentException noSuchField) { // chunks from before the flag: rewrite them with it
                writeChunks(read(keys).values().stream().map(c -> c.withPublished(published)).toList());
            }
            return keys.size();
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish a document", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long discard(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        return deleteAll(LuceneQueries.stagedOf(LuceneQueries.versionTerm(ownerId, documentId, version)),
                "discard a staged document version");
    }

    @Override
    public long deleteDocument(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        return deleteAll(documentQuery(ownerId, document(documentId)), "delete from the vector index");
    }

    @Override
    public long deleteKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return deleteAll(new TermInSetQuery(F_KEY, keys.stream().map(BytesRef::new).toList()),
                "delete from the vector index");
    }

    /** Deletes what {@code query} matches in one commit; returns how many chunks that was. */
    private long deleteAll(Query query, String what) {
        return deleteCounted(what, () -> count(query), () -> {
            writer.deleteDocuments(query);
            commitAndRefresh();
        });
    }

    // --- reads ---

    @Override
    public List<ScoredChunk> search(String ownerId, String queryText, float[] queryVector, int topK, RetrievalMode mode) {
        SearchPlan plan = plan(ownerId, queryVector, topK, mode);
        int candidates = plan.candidates();
        Query ownerFilter = LuceneQueries.visibleOf(ownerId);
        Query keywordQuery = plan.keyword()
                ? LuceneQueries.keywordQuery(analyzer, queryText == null ? "" : queryText, ownerFilter) : null;
        return withSearcher("could not search the vector index", searcher -> {
            int beam = knnBeam(candidates, searcher.getIndexReader().leaves().size());
            Query denseQuery = plan.dense() ? new KnnFloatVectorQuery(F_VECTOR, queryVector, beam, ownerFilter) : null;
            Future<Map<Integer, Double>> keywordSide = denseQuery != null && keywordQuery != null
                    ? handOff(() -> scores(searcher.search(keywordQuery, candidates))) : null;
            Map<Integer, Double> dense;
            try {
                dense = denseQuery == null ? Map.of() : scores(searcher.search(denseQuery, candidates));
            } catch (IOException | RuntimeException | Error e) {
                if (keywordSide != null) {
                    awaitQuietly(keywordSide); // never release the searcher under a search still running on it
                }
                throw e;
            }
            Map<Integer, Double> keyword = keywordSide != null ? await(keywordSide)
                    : keywordQuery == null ? Map.of() : scores(searcher.search(keywordQuery, candidates));
            StoredFields stored = searcher.storedFields();
            return fuse(dense, keyword, topK, (doc, score) -> LuceneFields.scored(stored.document(doc), score));
        });
    }

    /** {@code side} running on a free {@link #KEYWORD_THREADS} thread; null when none is free. */
    private static <T> Future<T> handOff(Callable<T> side) {
        if (!KEYWORD_PERMITS.tryAcquire()) {
            return null;
        }
        try {
            return KEYWORD_THREADS.submit(() -> {
                try {
                    return side.call();
                } finally {
                    KEYWORD_PERMITS.release();
                }
            });
        } catch (RuntimeException e) {
            KEYWORD_PERMITS.release();
            throw e;
        }
    }

    /** The keyword side's scores, or what it threw (an {@link IOException} as itself). */
    private static Map<Integer, Double> await(Future<Map<Integer, Double>> side) throws IOException {
        try {
            return side.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching the vector index", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the keyword search failed", e.getCause());
        }
    }

    /** Waits for the keyword side after the dense side failed; the dense side's failure is the one reported. */
    private static void awaitQuietly(Future<?> side) {
        try {
            side.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debugf("the keyword side of a failed search failed too: %s", e.getCause());
        }
    }

    /** The beam of each segment's graph search: {@link #MIN_KNN_BEAM} each, {@link #MIN_KNN_TOTAL_BEAM} together. */
    static int knnBeam(int candidates, int segments) {
        int perSegmentForTotal = (MIN_KNN_TOTAL_BEAM + Math.max(1, segments) - 1) / Math.max(1, segments);
        return Math.max(candidates, Math.max(MIN_KNN_BEAM, perSegmentForTotal));
    }

    @Override
    public Stats stats(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        Query document = documentQuery(ownerId, document(documentId));
        return new Stats(
                count(and(document, new FieldExistsQuery(F_VECTOR))),
                count(and(document, new FieldExistsQuery(F_TEXT))),
                count(and(document, NumericDocValuesField.newSlowExactQuery(F_STAGED, 1))));
    }

    @Override
    public long countDocument(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        return count(documentQuery(ownerId, document(documentId)));
    }

    @Override
    public long size() {
        return withSearcher("could not read the vector index", searcher -> searcher.getIndexReader().numDocs());
    }

    /**
     * The update key of every live chunk, read from one point-in-time view of the index (the key
     * terms, skipping deleted documents), for copying the index into another one.
     */
    @Override
    public List<String> keys() {
        return withSearcher("could not list the chunks of the vector index", LuceneExport::keys);
    }

    /** Reads the chunks with these keys as they are now, vectors included; missing keys are absent from the map. */
    @Override
    public Map<String, ExportedChunk> read(Collection<String> keys) {
        return withSearcher("could not read chunks of the vector index", searcher -> LuceneExport.read(searcher, keys));
    }

    /**
     * Copies the latest commit: every write before the call is committed (under the write lock), the
     * commit is pinned so merges cannot delete its files, and the files are copied while writes go on
     * ({@link LuceneSnapshots}); then the pin is released.
     */
    @Override
    public void snapshot(SnapshotSink sink) throws IOException {
        IndexCommit commit;
        writeLock.lock();
        try {
            ensureOpen();
            commit = snapshots.pin(writer);
        } finally {
            writeLock.unlock();
        }
        snapshots.copy(commit, sink, writer, () -> open);
    }

    // --- compaction ---

    /**
     * When no commit has come for {@link LuceneCompaction#idleAfter()} and the index has more segments than its
     * size needs ({@link LuceneCompaction#segmentsFor}), merges it into that many and commits (the write lock is
     * held for the commit only: writes and searches go on during the merge, and a write meanwhile is a new
     * segment, merged at the next idle time). Returns whether it compacted. Run every half idle time on the
     * compaction thread; a failure is logged and the next run tries again.
     */
    public boolean compactIfIdle() {
        if (!open || !compaction.enabled() || System.nanoTime() - lastCommitNanos < compaction.idleAfter().toNanos()) {
            return false;
        }
        long start = System.nanoTime();
        int before = 0;
        int target = 0;
        compacting = true;
        try {
            SegmentsNow now = withSearcher("could not read the vector index's segments", LuceneVectorStore::segmentsNow);
            before = now.segments();
            target = compaction.segmentsFor(now.bytes());
            if (before <= target) {
                return false;
            }
            writer.forceMerge(target, true);
            writeLock.lock();
            try {
                ensureOpen();
                commitAndRefresh();
            } finally {
                writeLock.unlock();
            }
            compactions.incrementAndGet();
            LOG.infof("compacted the vector index in %s: %d segments into %d in %d ms (%.1f MB)", indexDir, before,
                    segments(), (System.nanoTime() - start) / 1_000_000, now.bytes() / 1024.0 / 1024.0);
            return true;
        } catch (IOException | RuntimeException e) {
            if (!open) {
                LOG.debugf("a compaction of the vector index in %s ended by its closing: %s", indexDir, e);
            } else {
                LOG.warnf(e, "could not compact the vector index in %s (%d segments into %d); the next idle time tries again",
                        indexDir, before, target);
            }
            return false;
        } finally {
            compacting = false;
        }
    }

    /** How many segments a search of the index goes through now. */
    public int segments() {
        return withSearcher("could not read the vector index's segments", searcher -> searcher.getIndexReader().leaves().size());
    }

    /** How many compactions this store has made since it was opened. */
    public long compactions() {
        return compactions.get();
    }

    private record SegmentsNow(int segments, long bytes) {
    }

    private static SegmentsNow segmentsNow(IndexSearcher searcher) throws IOException {
        long bytes = 0;
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (LeafReaderContext leaf : leaves) {
            if (leaf.reader() instanceof SegmentReader segment) {
                bytes += segment.getSegmentInfo().sizeInBytes();
            }
        }
        return new SegmentsNow(leaves.size(), bytes);
    }

    // --- what the index is ---

    @Override
    public boolean isOpen() {
        return open && writer.isOpen();
    }

    /** Closes the searchers and the writer (committing anything pending) and releases the folder. */
    @Override
    protected void release() {
        if (compactionTask != null) {
            compactionTask.cancel(false);
        }
        try {
            try {
                searchers.close();
                if (compacting) {
                    // every write was committed before it returned: only the compaction's merge is given up
                    writer.rollback();
                } else {
                    writer.close();
                }
            } finally {
                directory.close();
                analyzer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the vector index cleanly", e);
        }
    }

    // --- helpers ---

    private static UUID document(UUID documentId) {
        requireDocument(documentId);
        return documentId;
    }

    private static Map<Integer, Double> scores(TopDocs topDocs) {
        Map<Integer, Double> scores = new HashMap<>(topDocs.scoreDocs.length * 2);
        for (ScoreDoc hit : topDocs.scoreDocs) {
            scores.put(hit.doc, (double) hit.score);
        }
        return scores;
    }

    private long count(Query query) {
        return withSearcher("could not read the vector index", searcher -> (long) searcher.count(query));
    }

    /** A read of the index as it is now: a searcher acquired for {@code work} and released after. */
    private <T> T withSearcher(String failure, SearcherWork<T> work) {
        IndexSearcher searcher = acquire();
        try {
            return work.apply(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(failure, e);
        } finally {
            release(searcher);
        }
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /**
     * Fewer, larger segments than Lucene's default (10 segments a tier, 2 MB floor): a search pays its term
     * lookups and an HNSW graph search once per segment, and the store commits every write, so an index grown
     * by ingestion is many small segments (29 at 100,000 chunks). With 4 a tier and a 16 MB floor the same
     * 100,000 chunks are 14 segments, and P3's hybrid search went from p50 8.5 / p99 15.0 ms to 5.6 / 12.2 ms
     * (its dense recall fell from 0.978-0.984 to 0.973-0.975 at the same beam: see {@link #MIN_KNN_BEAM});
     * writing them took 54 s instead of 40 (more merging), which beside the embedding model's time (30 ms or
     * more a chunk) is noise for ingestion (docs/performance.md, P3). Not 2 a tier, though it measured faster
     * still (p50 4.5-4.8 ms): every byte would be rewritten about twice as often as an index grows, HNSW graphs
     * rebuilt with it.
     */
    static TieredMergePolicy mergePolicy(LuceneCompaction compaction) {
        return new TieredMergePolicy().setSegmentsPerTier(SEGMENTS_PER_TIER).setFloorSegmentMB(FLOOR_SEGMENT_MB)
                .setMaxMergedSegmentMB(compaction.maxSegmentMb());
    }

    static final double SEGMENTS_PER_TIER = 4;
    static final double FLOOR_SEGMENT_MB = 16;

    private void commitAndRefresh() throws IOException {
        writer.commit();
        lastCommitNanos = System.nanoTime();
        searchers.maybeRefreshBlocking();
    }

    private IndexSearcher acquire() {
        ensureOpen();
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a searcher on the vector index", e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("could not release a searcher of the vector index", e);
        }
    }

    private static void closeQuietly(SearcherManager searchers, IndexWriter writer, Exception cause) {
        try {
            if (searchers != null) {
                searchers.close();
            }
            if (writer != null) {
                writer.rollback();
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
