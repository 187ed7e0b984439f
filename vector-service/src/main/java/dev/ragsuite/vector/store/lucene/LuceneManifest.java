package dev.ragsuite.vector.store.lucene;

import dev.ragsuite.text.TextAnalysis;
import dev.ragsuite.vector.store.IndexPointer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;

/**
 * The index manifest: the embedding model, the dimension count, the latest chunker version and the
 * text analysis of the keyword terms, recorded in the user data of every Lucene commit. An index recorded for another model or another
 * dimension count is refused, so vectors of two models never mix.
 */
final class LuceneManifest {

    /** Commit user-data keys of the index manifest. */
    static final String MANIFEST_MODEL = "rag.model";
    static final String MANIFEST_DIMENSIONS = "rag.dimensions";
    /** The chunker version of the most recent write that named one. */
    static final String MANIFEST_CHUNKER = "rag.chunker";
    /**
     * The text analysis ({@link TextAnalysis#ID}) the keyword terms were indexed with: recorded when the
     * index is created, kept as it was when an index is opened by code of another analysis (its terms stay
     * those of the recorded one), absent for an index created before it was recorded.
     */
    static final String MANIFEST_ANALYZER = "rag.analyzer";
    static final String UNNAMED_MODEL = "unnamed";

    /** The model of every index written before the manifest recorded one. */
    static final String LEGACY_MODEL = "all-minilm-l6-v2";
    static final int LEGACY_DIMENSIONS = 384;

    private LuceneManifest() {
    }

    /** The commit user data of an index of {@code model}; the chunker and the analysis are left out while unknown. */
    static Map<String, String> of(String model, int dimensions, String chunker, String analysis) {
        Map<String, String> manifest = new HashMap<>();
        manifest.put(MANIFEST_MODEL, model);
        manifest.put(MANIFEST_DIMENSIONS, Integer.toString(dimensions));
        if (chunker != null) {
            manifest.put(MANIFEST_CHUNKER, chunker);
        }
        if (analysis != null) {
            manifest.put(MANIFEST_ANALYZER, analysis);
        }
        return manifest;
    }

    /** What an opened index's manifest records beyond its model: the latest chunker and the text analysis (null when unknown). */
    record Recorded(String chunker, String analysis) {
    }

    /** What the writer's commit data holds now (the last commit's, unless set since). */
    static Map<String, String> recorded(IndexWriter writer) {
        Map<String, String> recorded = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> recorded.put(e.getKey(), e.getValue()));
        }
        return recorded;
    }

    /**
     * Refuses an index written for another model or with vectors of another length, then records this
     * model's manifest (keeping the chunker version and the analysis recorded; an empty index without one
     * gets this code's {@link TextAnalysis#ID}) for the next commit.
     */
    static Recorded open(IndexWriter writer, SearcherManager searchers, String model, int dimensions) throws IOException {
        checkStoredDimensions(searchers, dimensions);
        Map<String, String> recorded = recorded(writer);
        check(recorded, model, dimensions);
        String chunker = recorded.get(MANIFEST_CHUNKER);
        String analysis = recorded.get(MANIFEST_ANALYZER);
        if (analysis == null && isEmpty(searchers)) {
            analysis = TextAnalysis.ID;
        }
        writer.setLiveCommitData(of(model, dimensions, chunker, analysis).entrySet());
        return new Recorded(chunker, analysis);
    }

    /** Notes the chunker version of the latest write in the next commit's manifest. */
    static void noteChunker(IndexWriter writer, String model, int dimensions, String chunker, String analysis) {
        writer.setLiveCommitData(of(model, dimensions, chunker, analysis).entrySet());
    }

    private static boolean isEmpty(SearcherManager searchers) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().maxDoc() == 0;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Refuses an index whose last commit recorded another model or dimension count. */
    private static void check(Map<String, String> recorded, String model, int dimensions) {
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
            FieldInfo vector = FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(LuceneFields.F_VECTOR);
            if (vector != null && vector.getVectorDimension() != dimensions) {
                throw new IllegalStateException("the index holds " + vector.getVectorDimension()
                        + "-dimensional vectors but the embedding model makes " + dimensions
                        + ": re-index into an empty rag.vector.index-dir");
            }
        } finally {
            searchers.release(searcher);
        }
    }

    /** Model and dimensions of an index of the old layout: from its manifest, else its vectors, else MiniLM. */
    static IndexPointer legacy(Directory directory) throws IOException {
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        String model = data.get(MANIFEST_MODEL);
        if (model == null || UNNAMED_MODEL.equals(model)) {
            model = LEGACY_MODEL;
        }
        int dimensions = data.containsKey(MANIFEST_DIMENSIONS)
                ? Integer.parseInt(data.get(MANIFEST_DIMENSIONS))
                : storedDimensions(directory);
        return new IndexPointer(model, dimensions, LuceneFolders.indexName(model, dimensions));
    }

    private static int storedDimensions(Directory directory) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            FieldInfo vector = FieldInfos.getMergedFieldInfos(reader).fieldInfo(LuceneFields.F_VECTOR);
            return vector == null ? LEGACY_DIMENSIONS : vector.getVectorDimension();
        }
    }
}
