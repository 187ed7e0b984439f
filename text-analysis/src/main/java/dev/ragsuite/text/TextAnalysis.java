package dev.ragsuite.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The one text analysis of the suite: what a "term" is for vector-service's keyword search (the Lucene
 * index and Qdrant's sparse vectors) and for chat-service's extractive answerer, so a question matches
 * a passage in the answer by the same words that retrieved it.
 *
 * <p>Chain: {@link StandardTokenizer} → possessives dropped → lower case → {@link #STOP_WORDS} → Krovetz
 * stems ({@link KStemFilter}) → Porter stems ({@link PorterStemFilter}). KStem first because it keeps the
 * inflections of one word together where Porter alone splits them ("died" → "di" but "die" → "die", so
 * "When did Tesla die?" missed the sentence saying he died; after KStem both are "die"); Porter then
 * joins derived forms KStem keeps apart ("construction" and "construct"). {@link #ID} names this chain; an index records it in its manifest, and
 * any change to the chain or the stop words must change the id (terms indexed under another id are
 * not the terms a query makes). An {@link Analyzer} is thread-safe; whoever makes one closes it.
 */
public final class TextAnalysis {

    /** The id of this analysis (tokenizer, stop words, stemmer): bump it with every change to them. */
    public static final String ID = "english-kstem-porter-v1";

    /**
     * Lucene's English stop words plus the words that shape a question but say nothing about its subject:
     * interrogatives, auxiliaries, pronouns of the asker, and "tell me about" phrasing. As keywords they
     * would match any text that happens to contain "which" or "when" (measured by {@code ./rag eval}).
     */
    public static final CharArraySet STOP_WORDS = stopWords();

    private TextAnalysis() {
    }

    /** A new analyzer of this analysis, the same for indexed text and for query text. */
    public static Analyzer analyzer() {
        return new EnglishAnalysis(true);
    }

    /** The same chain without the stemmer: the content words of a text as written (lower-cased). */
    public static Analyzer wordsAnalyzer() {
        return new EnglishAnalysis(false);
    }

    private static final class EnglishAnalysis extends StopwordAnalyzerBase {

        private final boolean stem;

        EnglishAnalysis(boolean stem) {
            super(STOP_WORDS);
            this.stem = stem;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new StopFilter(result, stopwords);
            if (stem) {
                result = new PorterStemFilter(new KStemFilter(result));
            }
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
        words.addAll(List.of(
                "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
                "do", "does", "did", "can", "could", "would", "should", "has", "have", "had", "were", "been", "am",
                "i", "you", "me", "my", "your", "we", "our", "about", "tell", "please", "from", "its", "it's"));
        return CharArraySet.unmodifiableSet(words);
    }

    /** The analysed terms of {@code text} in order, repeats included. */
    public static List<String> terms(Analyzer analyzer, String field, String text) {
        List<String> terms = new ArrayList<>();
        analyse(analyzer, field, text, term -> {
            terms.add(term);
            return true;
        });
        return terms;
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
