package dev.ragsuite.vector.store.lucene;

import static dev.ragsuite.vector.store.lucene.LuceneFields.F_DOCUMENT_ID;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_DOC_VERSION;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_OWNER;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_PUBLISHED;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_STAGED;
import static dev.ragsuite.vector.store.lucene.LuceneFields.F_TEXT;

import dev.ragsuite.text.TextAnalysis;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The queries of the Lucene store. Every one names its owner, so the owner filter is part of the
 * query Lucene runs; staged chunks are excluded inside the query, never afterwards.
 */
final class LuceneQueries {

    /** Query terms beyond this many distinct ones add little but cost; a long question is cut here. */
    static final int MAX_QUERY_TERMS = 128;

    private LuceneQueries() {
    }

    /**
     * The chunks a user may search: their own and those of documents published to everyone. Both the
     * visibility and the exclusion of staged chunks are inside the query, never applied afterwards.
     */
    static Query visibleOf(String ownerId) {
        Query ownOrPublished = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(F_OWNER, ownerId)), Occur.SHOULD)
                .add(NumericDocValuesField.newSlowExactQuery(F_PUBLISHED, 1), Occur.SHOULD)
                .setMinimumNumberShouldMatch(1)
                .build();
        return new BooleanQuery.Builder()
                .add(ownOrPublished, Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(F_STAGED, 1), Occur.MUST_NOT)
                .build();
    }

    /** Every chunk of one document of one owner, staged or not. */
    static Query documentQuery(String ownerId, UUID documentId) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(F_OWNER, ownerId)), Occur.FILTER)
                .add(new TermQuery(new Term(F_DOCUMENT_ID, documentId.toString())), Occur.FILTER)
                .build();
    }

    /** The term every chunk of one version of one document carries. */
    static Term versionTerm(String ownerId, UUID documentId, int version) {
        return new Term(F_DOC_VERSION, LuceneFields.versionKey(ownerId, documentId, version));
    }

    /** The chunks of one version that are still staged. */
    static Query stagedOf(Term versionTerm) {
        return and(new TermQuery(versionTerm), NumericDocValuesField.newSlowExactQuery(F_STAGED, 1));
    }

    /** Chunks both queries match. */
    static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }

    /**
     * The keyword half of hybrid search: the query text is run through the same analyzer as the
     * indexed text and each distinct term becomes a term query, so no query syntax exists to
     * break ({@code C++ "AND" (} is just the term {@code c}). Null when no term survives analysis.
     */
    static Query keywordQuery(Analyzer analyzer, String text, Query ownerFilter) {
        Set<String> terms = TextAnalysis.distinctTerms(analyzer, F_TEXT, text, MAX_QUERY_TERMS);
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
}
