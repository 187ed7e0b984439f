package dev.ragsuite.chat.answer.extractive;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;

/**
 * The text tools of the extractive answerer: English sentence splitting, and the terms of a text as the
 * suite's one text analysis makes them ({@link dev.ragsuite.text.TextAnalysis}: possessives and stop
 * words, interrogatives included, dropped; lower-cased; KStem), the same terms vector-service's keyword
 * search indexes, so the answer matches the question by the words that retrieved its passages.
 * Thread-safe: the analyzers keep their token streams per thread.
 */
public final class TextAnalysis implements AutoCloseable {

    /** A part of a text between two sentence boundaries, with its place in that text. */
    record Sentence(String text, int start, int end) {
    }

    private static final String FIELD = "text";

    private final Analyzer analyzer = dev.ragsuite.text.TextAnalysis.analyzer();
    private final Analyzer words = dev.ragsuite.text.TextAnalysis.wordsAnalyzer();

    TextAnalysis() {
    }

    /** The distinct analysed terms of a text, in order of first appearance. */
    Set<String> terms(String text) {
        return new LinkedHashSet<>(termSequence(text));
    }

    /** The analysed terms of a text in order, repeats included (for the distance between matched terms). */
    List<String> termSequence(String text) {
        return dev.ragsuite.text.TextAnalysis.terms(analyzer, FIELD, text);
    }

    /** The distinct content words of a text (lower-cased, not stemmed; stop and question words dropped), in order. */
    Set<String> contentWords(String text) {
        return new LinkedHashSet<>(dev.ragsuite.text.TextAnalysis.terms(words, FIELD, text));
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
