package dev.ragsuite.vector.store.lucene;

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
 * The index manifest: the embedding model, the dimension count and the latest chunker version,
 * recorded in the user data of every Lucene commit. An index recorded for another model or another
 * dimension count is refused, so vectors of two models never mix.
 */
final class LuceneManifest {

    /** Commit user-data keys of the index manifest. */
    static final String MANIFEST_MODEL = "rag.model";
    static final String MANIFEST_DIMENSIONS = "rag.dimensions";
    /** The chunker version of the most recent write that named one. */
    static final String MANIFEST_CHUNKER = "rag.chunker";
    static final String UNNAMED_MODEL = "unnamed";

    /** The model of every index written before the manifest recorded one. */
    static final String LEGACY_MODEL = "all-minilm-l6-v2";
    static final int LEGACY_DIMENSIONS = 384;

    private LuceneManifest() {
    }

    /** The commit user data of an index of {@code model}; the chunker is left out while unknown. */
    static Map<String, String> of(String model, int dimensions, String chunker) {
        Map<String, String> manifest = new HashMap<>();
        manifest.put(MANIFEST_MODEL, model);
        manifest.put(MANIFEST_DIMENSIONS, Integer.toString(dimensions));
        if (chunker != null) {
            manifest.put(MANIFEST_CHUNKER, chunker);
        }
        return manifest;
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
     * model's manifest (keeping the chunker version recorded) for the next commit.
     *
     * @return the chunker version recorded, null when none
     */
    static String open(IndexWriter writer, SearcherManager searchers, String model, int dimensions) throws IOException {
        checkStoredDimensions(searchers, dimensions);
        check(recorded(writer), model, dimensions);
        String chunker = recorded(writer).get(MANIFEST_CHUNKER);
        writer.setLiveCommitData(of(model, dimensions, chunker).entrySet());
        return chunker;
    }

    /** Notes the chunker version of the latest write in the next commit's manifest. */
    static void noteChunker(IndexWriter writer, String model, int dimensions, String chunker) {
        writer.setLiveCommitData(of(model, dimensions, chunker).entrySet());
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
