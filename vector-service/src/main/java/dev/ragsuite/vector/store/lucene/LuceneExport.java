package dev.ragsuite.vector.store.lucene;

import static dev.ragsuite.vector.store.lucene.LuceneFields.F_CHUNK_ID;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_KEY;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_PUBLISHED;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_STAGED;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_VECTOR;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_VERSION;

import dev.ragsuite.vector.store.ExportedChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/** Reading an index back for copying it into another one: every chunk's key, and chunks with their vectors. */
final class LuceneExport {

    private LuceneExport() {
    }

    /** The update key of every live chunk in this point-in-time view (the key terms, skipping deleted documents). */
    static List<String> keys(IndexSearcher searcher) throws IOException {
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
    }

    /** The update keys of the live chunks of {@code ownerId} that {@code query} matches in this view. */
    static List<String> keys(IndexSearcher searcher, Query query, String ownerId) throws IOException {
        StoredFields stored = searcher.storedFields();
        List<String> keys = new ArrayList<>();
        for (ScoreDoc hit : searcher.search(query, Math.max(1, searcher.count(query))).scoreDocs) {
            Document doc = stored.document(hit.doc, Set.of(F_CHUNK_ID));
            keys.add(ExportedChunk.key(ownerId, doc.get(F_CHUNK_ID)));
        }
        return keys;
    }

    /** The distinct document versions (0 for chunks written without one) among the chunks {@code query} matches. */
    static Set<Integer> versions(IndexSearcher searcher, Query query) throws IOException {
        StoredFields stored = searcher.storedFields();
        Set<Integer> versions = new TreeSet<>();
        for (ScoreDoc hit : searcher.search(query, Math.max(1, searcher.count(query))).scoreDocs) {
            IndexableField version = stored.document(hit.doc, Set.of(F_VERSION)).getField(F_VERSION);
            versions.add(version == null ? 0 : version.numericValue().intValue());
        }
        return versions;
    }

    /** The chunks with these keys in this view, vectors included; missing keys are absent from the map. */
    static Map<String, ExportedChunk> read(IndexSearcher searcher, Collection<String> keys) throws IOException {
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
            NumericDocValues published = DocValues.getNumeric(leaf.reader(), F_PUBLISHED);
            boolean isPublished = published.advanceExact(leafDoc) && published.longValue() == 1;
            FloatVectorValues vectors = leaf.reader().getFloatVectorValues(F_VECTOR);
            float[] vector = vectors == null ? null : vectorOf(vectors, leafDoc);
            found.put(key, LuceneFields.exported(stored.document(doc), key, isStaged, isPublished, vector));
        }
        return found;
    }

    private static float[] vectorOf(FloatVectorValues vectors, int leafDoc) throws IOException {
        if (vectors.advance(leafDoc) != leafDoc) {
            return null;
        }
        return vectors.vectorValue().clone(); // the reader reuses its buffer
    }
}
