package dev.ragsuite.chat.answer.extractive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The text tools of the extractive answerer: English sentence splitting, and the terms of a text as
 * Lucene's {@link EnglishAnalyzer} chain makes them (possessives and stop words dropped, lower-cased,
 * stemmed) with one addition: the dictionary-based KStem runs before Porter, because Porter alone
 * stems "died" to "di" but "die" to "die"; with KStem first both become "die" (likewise "dies",
 * "dying"). Thread-safe: the analyzer keeps its token streams per thread.
 */
public final class TextAnalysis implements AutoCloseable {

    /** Words that shape a question but say nothing about its subject. */
    private static final List<String> QUESTION_WORDS = List.of(
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
            "do", "does", "did", "can", "could", "would", "should", "has", "have", "had", "were", "been", "am",
            "i", "you", "me", "my", "your", "we", "our", "about", "tell", "please", "from", "its", "it's");

    /** A part of a text between two sentence boundaries, with its place in that text. */
    record Sentence(String text, int start, int end) {
    }

    private final Analyzer analyzer;
    private final Analyzer words;

    TextAnalysis() {
        CharArraySet stopWords = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        stopWords.addAll(QUESTION_WORDS);
        this.words = analyzer(stopWords, false);
        this.analyzer = analyzer(stopWords, true);
    }

    /** Words without possessives and stop words, lower-cased; then stemmed (KStem, then Porter) when asked. */
    private static Analyzer analyzer(CharArraySet stopWords, boolean stem) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream result = new StopFilter(new LowerCaseFilter(new EnglishPossessiveFilter(source)), stopWords);
                if (stem) {
                    result = new PorterStemFilter(new KStemFilter(result));
                }
                return new TokenStreamComponents(source, result);
            }
        };
    }

    /** The distinct analysed terms of a text, in order of first appearance. */
    Set<String> terms(String text) {
        return run(analyzer, text);
    }

    /** The distinct content words of a text (lower-cased, not stemmed; stop and question words dropped), in order. */
    Set<String> contentWords(String text) {
        return run(words, text);
    }

    private static Set<String> run(Analyzer analyzer, String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing an in-memory string failed", e);
        }
        return terms;
    }

    /** The non-blank sentences of a text, trimmed, with their offsets in the text. */
    static List<Sentence> sentences(String text) {
        List<Sentence> sentences = new ArrayList<>();
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        boundaries.setText(text);
        int start = boundaries.first();
        for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
            int s = start;
            int e = end;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e > s) {
                sentences.add(new Sentence(text.substring(s, e), s, e));
            }
        }
        return sentences;
    }

    /** Collapses runs of whitespace (line breaks of the source document) to single spaces. */
    public static String normalizeSpace(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        analyzer.close();
        words.close();
    }
}
