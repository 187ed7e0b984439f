package dev.ragsuite.bench;

import java.text.BreakIterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text comparisons of the evaluation: SQuAD answer normalisation and the gold-passage match. */
final class SquadText {

    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}\\p{IsPunctuation}]");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern CITATION_MARKERS = Pattern.compile("\\s*\\[\\d+(?:\\s*,\\s*\\d+)*]");

    private SquadText() {
    }

    /**
     * The SQuAD normalisation of an answer: lower-case, punctuation dropped, the articles a/an/the
     * dropped, white space collapsed to single spaces.
     */
    static String normaliseAnswer(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        s = PUNCTUATION.matcher(s).replaceAll("");
        s = ARTICLES.matcher(s).replaceAll(" ");
        return collapseSpace(s);
    }

    /** White space runs (line breaks included) as one space, trimmed. */
    static String collapseSpace(String text) {
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    /**
     * Whether a retrieved chunk is the gold passage: after white-space normalisation the chunk lies
     * inside the passage (a long paragraph cut into pieces) or holds it whole (paragraphs packed together).
     */
    static boolean isGold(String chunkText, String passage) {
        String chunk = collapseSpace(chunkText);
        String gold = collapseSpace(passage);
        return !chunk.isEmpty() && (gold.contains(chunk) || chunk.contains(gold));
    }

    /**
     * Whether {@code answer} contains one of {@code golds} after SQuAD normalisation, as whole words
     * (gold "1" is not found in "1995").
     */
    static boolean answerHit(String answer, List<String> golds) {
        if (answer == null) {
            return false;
        }
        String normalised = " " + normaliseAnswer(answer) + " ";
        for (String gold : golds) {
            String g = normaliseAnswer(gold);
            if (!g.isEmpty() && normalised.contains(" " + g + " ")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first sentence of an answer (English sentence boundaries, {@link BreakIterator}), without its
     * {@code [n]} citation markers: a marker after the full stop ("… 1943. [1] Next …") starts the next
     * sentence, and a marker's number is not part of what the sentence says.
     */
    static String firstSentence(String answer) {
        if (answer == null) {
            return "";
        }
        String text = collapseSpace(CITATION_MARKERS.matcher(answer).replaceAll(""));
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        boundaries.setText(text);
        int end = boundaries.next();
        return end == BreakIterator.DONE ? text : text.substring(0, end).strip();
    }

    /** Whether the first sentence of {@code answer} ({@link #firstSentence}) holds a gold answer, as {@link #answerHit} judges. */
    static boolean firstSentenceHit(String answer, List<String> golds) {
        return answerHit(firstSentence(answer), golds);
    }

    /** The 1-based rank of the first gold chunk among {@code ranked}, or 0 when none is gold. */
    static int firstGoldRank(List<String> ranked, String passage) {
        for (int i = 0; i < ranked.size(); i++) {
            if (isGold(ranked.get(i), passage)) {
                return i + 1;
            }
        }
        return 0;
    }
}
