package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.RetrievalMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
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

/**
 * The embedded vector store: one Apache Lucene index on disk holding, per chunk, its text (BM25,
 * English analysis) and its embedding (HNSW, cosine). Search is hybrid — a keyword query and a
 * k-nearest-neighbour query, each with the owner filter inside the query, fused by
 * {@link HybridFusion}. Every write is committed before it returns, so the index survives a
 * restart or a crash; one {@link IndexWriter} serves the whole process (Lucene's write lock
 * keeps a second process out of the folder).
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
 */
public final class LuceneVectorStore extends BaseVectorStore {

    public static final String NAME = "lucene";

    static final String F_KEY = "key";
    static final String F_CHUNK_ID = "chunkId";
    static final String F_OWNER = "owner";
    static final String F_DOCUMENT_ID = "documentId";
    static final String F_DOCUMENT_NAME = "documentName";
    static final String F_POSITION = "position";
    static final String F_TEXT = "text";
    static final String F_VECTOR = "vector";
    /** owner + document + version, one term per document version: what activation flips and keeps. */
    static final String F_DOC_VERSION = "docVersion";
    static final String F_VERSION = "version";
    static final String F_STAGED = "staged";
    static final String F_PAGE = "page";
    static final String F_HEADING_PATH = "headingPath";
    static final String F_CHUNKER = "chunkerVersion";

    /** Commit user-data keys of the index manifest. */
    static final String MANIFEST_MODEL = "rag.model";
    static final String MANIFEST_DIMENSIONS = "rag.dimensions";
    /** The chunker version of the most recent write that named one. */
    static final String MANIFEST_CHUNKER = "rag.chunker";
    static final String UNNAMED_MODEL = "unnamed";

    /** Query terms beyond this many distinct ones add little but cost; a long question is cut here. */
    static final int MAX_QUERY_TERMS = 128;

    private static final Similarity SIMILARITY = new BM25Similarity(0.9f, 0.4f);
    private static final char KEY_SEPARATOR = '\u001f';

    private final HybridFusion<Integer> fusion;
    private final Analyzer analyzer;
    private final Directory directory;
    private final Path indexDir;
    private final IndexWriter writer;
    /** Keeps the files of a commit being copied by {@link #snapshot} until the copy is done. */
    private final SnapshotDeletionPolicy commits = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
    private final SearcherManager searchers;
    /** Serialises writes, so a delete can count exactly what it removes. */
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * Opens (or creates) the index in {@code indexDir}.
     *
     * @param dimensions length of every vector stored and searched; must match an existing index
     * @throws IOException if the folder cannot be opened, or another process holds the index
     */
    public LuceneVectorStore(Path indexDir, int dimensions, FusionSettings settings) throws IOException {
        this(indexDir, UNNAMED_MODEL, dimensions, settings);
    }

    /**
     * Opens (or creates) the index in {@code indexDir} for vectors of {@code model}. The model and the
     * dimensions are recorded in every commit (the index manifest); an index recorded for another
     * model or another dimension count is refused, so vectors of two models never mix.
     */
    public LuceneVectorStore(Path indexDir, String model, int dimensions, FusionSettings settings) throws IOException {
        super(model, dimensions, settings);
        this.fusion = new HybridFusion<>(settings.denseWeight());
        this.analyzer = TextAnalysis.analyzer();
        Files.createDirectories(indexDir);
        this.indexDir = indexDir;
        this.directory = FSDirectory.open(indexDir);
        IndexWriter openedWriter = null;
        SearcherManager openedSearchers = null;
        try {
            openedWriter = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                    .setSimilarity(SIMILARITY)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setIndexDeletionPolicy(commits)
                    .setCommitOnClose(true));
            openedSearchers = new SearcherManager(openedWriter, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
                        org.apache.lucene.index.IndexReader previousReader) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    searcher.setSimilarity(SIMILARITY);
                    return searcher;
                }
            });
            checkStoredDimensions(openedSearchers, dimensions);
            checkManifest(openedWriter, model, dimensions);
            this.chunkerVersion = recorded(openedWriter).get(MANIFEST_CHUNKER);
            openedWriter.setLiveCommitData(manifest(model, dimensions, chunkerVersion).entrySet());
        } catch (IOException | RuntimeException e) {
            closeQuietly(openedSearchers, openedWriter, e);
            directory.close();
            analyzer.close();
            throw e;
        }
        this.writer = openedWriter;
        this.searchers = openedSearchers;
        this.open = true;
    }

    @Override
    public Activation activate(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        Term versionTerm = new Term(F_DOC_VERSION, versionKey(ownerId, documentId, version));
        Query otherVersions = new BooleanQuery.Builder()
                .add(documentQuery(ownerId, documentId), Occur.FILTER)
                .add(new TermQuery(versionTerm), Occur.MUST_NOT)
                .build();
        Query stagedOfVersion = new BooleanQuery.Builder()
                .add(new TermQuery(versionTerm), Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(F_STAGED, 1), Occur.FILTER)
                .build();
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

    @Override
    public long discard(String ownerId, UUID documentId, int version) {
        requireOwner(ownerId);
        Query stagedOfVersion = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(F_DOC_VERSION, versionKey(ownerId, documentId, version))), Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(F_STAGED, 1), Occur.FILTER)
                .build();
        return deleteAll(stagedOfVersion, "discard a staged document version");
    }

    @Override
    public Stats stats(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        Query document = documentQuery(ownerId, documentId);
        return new Stats(
                count(and(document, new FieldExistsQuery(F_VECTOR))),
                count(and(document, new FieldExistsQuery(F_TEXT))),
                count(and(document, NumericDocValuesField.newSlowExactQuery(F_STAGED, 1))));
    }

    /**
     * The update key of every live chunk, read from one point-in-time view of the index (the key
     * terms, skipping deleted documents), for copying the index into another one.
     */
    public List<String> keys() {
        IndexSearcher searcher = acquire();
        try {
            List<String> keys = new ArrayList<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(F_KEY);
                if (terms == null) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                TermsEnum termsEnum = terms.iterator();
                PostingsEnum postings = null;
                for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
                    postings = termsEnum.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            keys.add(term.utf8ToString());
                            break;
                        }
                    }
                }
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the chunks of the vector index", e);
        } finally {
            release(searcher);
        }
    }

    /** Reads the chunks with these keys as they are now, vectors included; missing keys are absent from the map. */
    public Map<String, ExportedChunk> read(Collection<String> keys) {
        IndexSearcher searcher = acquire();
        try {
            Map<String, ExportedChunk> found = new HashMap<>(keys.size() * 2);
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            StoredFields stored = searcher.storedFields();
            for (String key : keys) {
                TopDocs top = searcher.search(new TermQuery(new Term(F_KEY, key)), 1);
                if (top.scoreDocs.length == 0) {
                    continue;
                }
                int doc = top.scoreDocs[0].doc;
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                int leafDoc = doc - leaf.docBase;
                NumericDocValues staged = DocValues.getNumeric(leaf.reader(), F_STAGED);
                boolean isStaged = staged.advanceExact(leafDoc) && staged.longValue() == 1;
                FloatVectorValues vectors = leaf.reader().getFloatVectorValues(F_VECTOR);
                float[] vector = vectors == null ? null : vectorOf(vectors, leafDoc);
                Document fields = stored.document(doc);
                String owner = ExportedChunk.ownerOf(key);
                StoredChunk chunk = new StoredChunk(fields.get(F_CHUNK_ID), fields.getField(F_POSITION).numericValue().intValue(),
                        fields.get(F_TEXT), vector == null ? new float[0] : vector,
                        fields.getField(F_PAGE) == null ? null : fields.getField(F_PAGE).numericValue().intValue(),
                        fields.get(F_HEADING_PATH), fields.get(F_CHUNKER));
                IndexableField version = fields.getField(F_VERSION);
                found.put(key, new ExportedChunk(owner, UUID.fromString(fields.get(F_DOCUMENT_ID)), fields.get(F_DOCUMENT_NAME),
                        version == null ? 0 : version.numericValue().intValue(), isStaged, chunk));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read chunks of the vector index", e);
        } finally {
            release(searcher);
        }
    }

    private static float[] vectorOf(FloatVectorValues vectors, int leafDoc) throws IOException {
        if (vectors.advance(leafDoc) != leafDoc) {
            return null;
        }
        return vectors.vectorValue().clone(); // the reader reuses its buffer
    }

    /**
     * Writes chunks copied from another index exactly as they were there (owner, document, version,
     * staged flag), replacing chunks with the same keys, in one commit. Each vector must have this
     * index's dimensions.
     */
    public int importChunks(List<ExportedChunk> chunks) {
        if (chunks.isEmpty()) {
            return 0;
        }
        Set<BytesRef> keys = new HashSet<>();
        List<Document> documents = new ArrayList<>(chunks.size());
        for (ExportedChunk exported : chunks) {
            checkVector(exported.chunk().vector());
            requireOwner(exported.ownerId());
            if (!keys.add(new BytesRef(exported.key()))) {
                throw new IllegalArgumentException("chunk key appears twice in one batch: " + exported.key());
            }
            documents.add(document(exported.key(), exported.ownerId(), exported.documentId(), exported.documentName(),
                    exported.version(), exported.staged(), exported.chunk()));
        }
        return replace(keys, documents, chunks.stream().map(c -> c.chunk().chunkerVersion()).toList());
    }

    /** Removes the chunks with these keys; returns how many there were. */
    public long deleteKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return deleteAll(new TermInSetQuery(F_KEY, keys.stream().map(BytesRef::new).toList()),
                "delete from the vector index");
    }

    private void noteChunker(List<String> versions) {
        String latest = latestChunker(versions);
        if (latest != null && !latest.equals(chunkerVersion)) {
            chunkerVersion = latest;
            writer.setLiveCommitData(manifest(model, dimensions, latest).entrySet());
        }
    }

    private static Map<String, String> manifest(String model, int dimensions, String chunker) {
        Map<String, String> manifest = new HashMap<>();
        manifest.put(MANIFEST_MODEL, model);
        manifest.put(MANIFEST_DIMENSIONS, Integer.toString(dimensions));
        if (chunker != null) {
            manifest.put(MANIFEST_CHUNKER, chunker);
        }
        return manifest;
    }

    private static Map<String, String> recorded(IndexWriter writer) {
        Map<String, String> recorded = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> recorded.put(e.getKey(), e.getValue()));
        }
        return recorded;
    }

    private static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }

    @Override
    protected int write(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks) {
        Set<BytesRef> keys = new HashSet<>();
        List<Document> documents = new ArrayList<>(chunks.size());
        for (StoredChunk chunk : chunks) {
            checkVector(chunk.vector());
            String key = key(ownerId, chunk.chunkId());
            if (!keys.add(new BytesRef(key))) {
                throw new IllegalArgumentException("chunk id appears twice in one batch: " + chunk.chunkId());
            }
            documents.add(document(key, ownerId, documentId, documentName, version, version > 0, chunk));
        }
        return replace(keys, documents, chunks.stream().map(StoredChunk::chunkerVersion).toList());
    }

    /**
     * Replaces the chunks with these keys by {@code documents} in one commit: the old versions are
     * deleted and the new ones added atomically, and the manifest notes the latest chunker version.
     */
    private int replace(Set<BytesRef> keys, List<Document> documents, List<String> chunkerVersions) {
        writeLock.lock();
        try {
            ensureOpen();
            writer.updateDocuments(new TermInSetQuery(F_KEY, keys), documents);
            noteChunker(chunkerVersions);
            commitAndRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the vector index", e);
        } finally {
            writeLock.unlock();
        }
        return documents.size();
    }

    @Override
    public List<ScoredChunk> search(String ownerId, String queryText, float[] queryVector, int topK, RetrievalMode mode) {
        SearchPlan plan = plan(ownerId, queryVector, topK, mode);
        boolean useDense = plan.dense();
        boolean useKeyword = plan.keyword();
        int candidates = plan.candidates();
        Query ownerFilter = visibleOf(ownerId);
        Query keywordQuery = useKeyword ? keywordQuery(queryText == null ? "" : queryText, ownerFilter) : null;
        IndexSearcher searcher = acquire();
        try {
            Map<Integer, Double> dense = !useDense ? Map.of() : scores(searcher.search(
                    new KnnFloatVectorQuery(F_VECTOR, queryVector, candidates, ownerFilter), candidates));
            Map<Integer, Double> keyword = keywordQuery == null ? Map.of() : scores(searcher.search(keywordQuery, candidates));
            StoredFields stored = searcher.storedFields();
            List<ScoredChunk> hits = new ArrayList<>(topK);
            for (HybridFusion.Fused<Integer> fused : fusion.fuse(dense, keyword, topK)) {
                Document doc = stored.document(fused.key());
                hits.add(new ScoredChunk(
                        doc.get(F_CHUNK_ID),
                        UUID.fromString(doc.get(F_DOCUMENT_ID)),
                        doc.get(F_DOCUMENT_NAME),
                        doc.getField(F_POSITION).numericValue().intValue(),
                        doc.get(F_TEXT),
                        fused.score(),
                        doc.getField(F_PAGE) == null ? null : doc.getField(F_PAGE).numericValue().intValue(),
                        doc.get(F_HEADING_PATH)));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("could not search the vector index", e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public long deleteDocument(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        return deleteAll(documentQuery(ownerId, documentId), "delete from the vector index");
    }

    /** Deletes what {@code query} matches in one commit; returns how many chunks that was. */
    private long deleteAll(Query query, String what) {
        writeLock.lock();
        try {
            ensureOpen();
            // Writes are serialised and refreshed before the lock is released: this count is exact.
            long count = count(query);
            if (count > 0) {
                writer.deleteDocuments(query);
                commitAndRefresh();
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + what, e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long countDocument(String ownerId, UUID documentId) {
        requireOwner(ownerId);
        return count(documentQuery(ownerId, documentId));
    }

    @Override
    public long size() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    @Override
    public boolean isOpen() {
        return open && writer.isOpen();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Closes the searchers and the writer (committing anything pending) and releases the folder. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            try {
                searchers.close();
                writer.close();
            } finally {
                directory.close();
                analyzer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the vector index cleanly", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The keyword half of hybrid search: the query text is run through the same analyzer as the
     * indexed text and each distinct term becomes a term query, so no query syntax exists to
     * break ({@code C++ "AND" (} is just the term {@code c}). Null when no term survives analysis.
     */
    Query keywordQuery(String text, Query ownerFilter) {
        Set<String> terms = analyze(text);
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder anyTerm = new BooleanQuery.Builder();
        for (String term : terms) {
            anyTerm.add(new TermQuery(new Term(F_TEXT, term)), Occur.SHOULD);
        }
        return new BooleanQuery.Builder()
                .add(anyTerm.build(), Occur.MUST)
                .add(ownerFilter, Occur.FILTER)
                .build();
    }

    private Set<String> analyze(String text) {
        return TextAnalysis.distinctTerms(analyzer, F_TEXT, text, MAX_QUERY_TERMS);
    }

    /** The owner's searchable chunks: staged ones are excluded inside the query, never afterwards. */
    private static Query visibleOf(String ownerId) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(F_OWNER, ownerId)), Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(F_STAGED, 1), Occur.MUST_NOT)
                .build();
    }

    private static Document document(String key, String ownerId, UUID documentId, String documentName, int version,
            boolean staged, StoredChunk chunk) {
        Document doc = new Document();
        doc.add(new StringField(F_DOC_VERSION, versionKey(ownerId, documentId, version), Field.Store.NO));
        doc.add(new StoredField(F_VERSION, version));
        doc.add(new NumericDocValuesField(F_STAGED, staged ? 1 : 0));
        if (chunk.chunkerVersion() != null) {
            doc.add(new StoredField(F_CHUNKER, chunk.chunkerVersion()));
        }
        if (chunk.page() != null) {
            doc.add(new StoredField(F_PAGE, chunk.page()));
        }
        if (chunk.headingPath() != null) {
            doc.add(new StoredField(F_HEADING_PATH, chunk.headingPath()));
        }
        doc.add(new StringField(F_KEY, key, Field.Store.NO));
        doc.add(new StringField(F_CHUNK_ID, chunk.chunkId(), Field.Store.YES));
        doc.add(new StringField(F_OWNER, ownerId, Field.Store.NO));
        doc.add(new StringField(F_DOCUMENT_ID, documentId.toString(), Field.Store.YES));
        doc.add(new StoredField(F_DOCUMENT_NAME, documentName));
        doc.add(new StoredField(F_POSITION, chunk.position()));
        doc.add(new TextField(F_TEXT, chunk.text(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(F_VECTOR, chunk.vector(), VectorSimilarityFunction.COSINE));
        return doc;
    }

    private static Query documentQuery(String ownerId, UUID documentId) {
        if (documentId == null) {
            throw new IllegalArgumentException("documentId is required");
        }
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(F_OWNER, ownerId)), Occur.FILTER)
                .add(new TermQuery(new Term(F_DOCUMENT_ID, documentId.toString())), Occur.FILTER)
                .build();
    }

    private static Map<Integer, Double> scores(TopDocs topDocs) {
        Map<Integer, Double> scores = new HashMap<>(topDocs.scoreDocs.length * 2);
        for (ScoreDoc hit : topDocs.scoreDocs) {
            scores.put(hit.doc, (double) hit.score);
        }
        return scores;
    }

    private long count(Query query) {
        IndexSearcher searcher = acquire();
        try {
            return searcher.count(query);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the vector index", e);
        } finally {
            release(searcher);
        }
    }

    /**
     * Copies the latest commit: every write before the call is committed (under the write lock), the
     * commit is pinned by the {@link SnapshotDeletionPolicy} so merges cannot delete its files, and the
     * files — immutable once committed — are copied while writes go on; then the pin is released.
     */
    @Override
    public void snapshot(SnapshotSink sink) throws IOException {
        IndexCommit commit;
        writeLock.lock();
        try {
            ensureOpen();
            writer.commit();
            commit = commits.snapshot();
        } finally {
            writeLock.unlock();
        }
        try {
            for (String file : commit.getFileNames()) {
                try (OutputStream out = sink.file(file)) {
                    Files.copy(indexDir.resolve(file), out);
                }
            }
        } finally {
            commits.release(commit);
            if (open) {
                writer.deleteUnusedFiles(); // the pinned commit's files that merges have since replaced
            }
        }
    }

    private void commitAndRefresh() throws IOException {
        writer.commit();
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

    static String key(String ownerId, String chunkId) {
        return ExportedChunk.key(ownerId, chunkId);
    }

    private static String versionKey(String ownerId, UUID documentId, int version) {
        return ownerId + KEY_SEPARATOR + documentId + KEY_SEPARATOR + version;
    }

    /** Refuses an index whose last commit recorded another model or dimension count. */
    private static void checkManifest(IndexWriter writer, String model, int dimensions) {
        Map<String, String> recorded = recorded(writer);
        String recordedModel = recorded.get(MANIFEST_MODEL);
        String recordedDimensions = recorded.get(MANIFEST_DIMENSIONS);
        if (recordedDimensions != null && !recordedDimensions.equals(Integer.toString(dimensions))) {
            throw new IllegalStateException("the index manifest records " + recordedDimensions
                    + "-dimensional vectors but the embedding model makes " + dimensions);
        }
        if (recordedModel != null && !recordedModel.equals(model) && !UNNAMED_MODEL.equals(model)
                && !UNNAMED_MODEL.equals(recordedModel)) {
            throw new IllegalStateException("the index manifest records the embedding model " + recordedModel
                    + " but this service embeds with " + model + ": re-index into another rag.vector.index-dir");
        }
    }

    /** Refuses to open an index written with vectors of another length (i.e. by another model). */
    private static void checkStoredDimensions(SearcherManager searchers, int dimensions) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            FieldInfo vector = FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(F_VECTOR);
            if (vector != null && vector.getVectorDimension() != dimensions) {
                throw new IllegalStateException("the index holds " + vector.getVectorDimension()
                        + "-dimensional vectors but the embedding model makes " + dimensions
                        + ": re-index into an empty rag.vector.index-dir");
            }
        } finally {
            searchers.release(searcher);
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
