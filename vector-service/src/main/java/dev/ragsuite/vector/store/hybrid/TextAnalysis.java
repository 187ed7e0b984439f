package dev.ragsuite.vector.store.hybrid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.StopwordAnalyzerBase;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The keyword analysis every backend shares, so "keyword" means the same thing in the Lucene index
 * and in Qdrant's sparse vectors: English analysis (possessives dropped, lower case, stop words
 * removed) with Krovetz stems (KStem). KStem rather than Lucene's default Porter stemmer because it
 * keeps inflections of one word together where Porter splits them ("died" → "di" but "die" → "die",
 * so "When did Tesla die?" missed the sentence saying he died). An {@link Analyzer} is thread-safe;
 * each store makes one and closes it. Changing the analysis changes the indexed terms: re-index
 * (a new index folder or collection) after changing it.
 */
public final class TextAnalysis {

    private TextAnalysis() {
    }

    /**
     * Lucene's English stop words plus interrogatives and the auxiliary "do": in a question they say
     * what kind of answer is wanted, not what it is about, and as keywords they match any text that
     * happens to contain "which" or "when" (measured by {@code ./rag eval}: docs/evaluation.md).
     */
    static final CharArraySet STOP_WORDS = stopWords();

    /** A new instance of the analyzer used for indexed text and for query text alike. */
    public static Analyzer analyzer() {
        return new EnglishKStemAnalyzer();
    }

    /** StandardTokenizer → possessive filter → lower case → stop words → KStem. */
    private static final class EnglishKStemAnalyzer extends StopwordAnalyzerBase {

        EnglishKStemAnalyzer() {
            super(STOP_WORDS);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new StopFilter(result, stopwords);
            result = new KStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
        words.addAll(List.of("what", "which", "who", "whom", "whose", "when", "where", "why", "how", "do", "does", "did"));
        return CharArraySet.unmodifiableSet(words);
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
