package dev.ragsuite.vector.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The keyword analysis every backend shares, so "keyword" means the same thing in the Lucene index
 * and in Qdrant's sparse vectors: English analysis (lower case, stop words removed, Porter stems).
 * An {@link Analyzer} is thread-safe; each store makes one and closes it.
 */
public final class TextAnalysis {

    private TextAnalysis() {
    }

    /** A new instance of the analyzer used for indexed text and for query text alike. */
    public static Analyzer analyzer() {
        return new EnglishAnalyzer();
    }

    /** The distinct terms of {@code text} in order of first appearance, at most {@code limit} of them. */
    public static Set<String> distinctTerms(Analyzer analyzer, String field, String text, int limit) {
        Set<String> terms = new LinkedHashSet<>();
        analyse(analyzer, field, text, term -> {
            if (terms.size() >= limit) {
                return false;
            }
            terms.add(term);
            return true;
        });
        return terms;
    }

    /** How often each term occurs in {@code text} (in order of first appearance); the sum is the text's length in terms. */
    public static Map<String, Integer> termFrequencies(Analyzer analyzer, String field, String text) {
        Map<String, Integer> frequencies = new LinkedHashMap<>();
        analyse(analyzer, field, text, term -> {
            frequencies.merge(term, 1, Integer::sum);
            return true;
        });
        return frequencies;
    }

    /** Feeds each term to {@code sink} until it returns false or the text ends. */
    private static void analyse(Analyzer analyzer, String field, String text, TermSink sink) {
        try (TokenStream tokens = analyzer.tokenStream(field, text == null ? "" : text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && sink.accept(term.toString())) {
                // the sink collects
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("could not analyse text", e); // cannot happen on a String
        }
    }

    @FunctionalInterface
    private interface TermSink {
        boolean accept(String term);
    }
}
