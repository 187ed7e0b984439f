package dev.ragsuite.chat.answer.extractive;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.vector.api.SearchHit;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers without a language model: picks the sentences of the retrieved passages that share the most
 * (stemmed, stop-word-free) terms with the question, each followed by the {@code [n]} marker of the
 * passage it came from (n = the passage's 1-based retrieval rank).
 *
 * <p>Score of a sentence = share of the question's terms it contains, plus smaller bonuses: for the share
 * of the question's terms its whole passage contains (the sentence's context: "It flows into the Black
 * Sea" in a passage about the Danube), for holding the kind of answer the question asks for (a year for
 * "when"/"what year", a number for "how many"), and for the rank of its passage (so equally good
 * sentences come from the better passage). The best sentence is always taken; up to
 * {@code maxSentences} in all are taken if they reach {@code relativeThreshold} of its score.
 * When no sentence shares any term with the question, the answer is the opening of the top passage.
 * Pure CPU work, milliseconds for a handful of passages but more for twenty long ones: callers run it
 * on a worker thread, not on the event loop.
 */
@ApplicationScoped
public class ExtractiveAnswerer {

    /** Greatest rank bonus, for the top-ranked passage: a tie-breaker, below what a matching term is worth in any question of up to 20 terms. */
    static final double MAX_RANK_BONUS = 0.04;
    /** Weight of the passage's coverage of the question, against 1.0 for the sentence's own. */
    static final double CONTEXT_WEIGHT = 0.25;
    /** Bonus, in matching terms, for a sentence holding the kind of answer asked for. */
    static final double ANSWER_TYPE_TERMS = 0.5;

    private static final Pattern ASKS_FOR_TIME = Pattern.compile(
            "^\\s*(?:(?:in|on|at|since|until)\\s+)?(?:when\\b|(?:what|which)\\s+(?:year|date|day|month|decade|century|time)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKS_FOR_NUMBER = Pattern.compile(
            "^\\s*(?:how\\s+(?:many|much|long|old|far|big|large|tall|high|deep|often)\\b|what\\s+(?:age|percentage|number|amount)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile(
            "\\b(?:1\\d{3}|20\\d{2})\\b|\\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\\b|\\b\\d{1,4}(?:st|nd|rd|th)?\\s+century\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Sentences longer than this are shortened in the answer (the citation snippet still shows the source). */
    static final int MAX_SENTENCE_CHARS = 400;

    private final TextAnalysis analysis = new TextAnalysis();
    private final int maxSentences;
    private final double relativeThreshold;
    private final int snippetChars;

    @Inject
    public ExtractiveAnswerer(ChatConfig config) {
        this(config.extractive().maxSentences(), config.extractive().relativeThreshold(), config.extractive().snippetChars());
    }

    public ExtractiveAnswerer(int maxSentences, double relativeThreshold, int snippetChars) {
        this.maxSentences = maxSentences;
        this.relativeThreshold = relativeThreshold;
        this.snippetChars = snippetChars;
    }

    private record Candidate(int n, SearchHit hit, TextAnalysis.Sentence sentence, int matched, double score) {
    }

    /**
     * {@link #answer} on a worker thread, for callers on the event loop (CPU work over up to topK passages);
     * also what a failing or slow language model falls back to.
     */
    public Uni<Answer> answerOffLoop(String question, List<SearchHit> hits) {
        return Uni.createFrom().item(() -> answer(question, hits)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The extractive answer to a question from passages in retrieval order (best first). */
    public Answer answer(String question, List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return Answer.notFound();
        }
        Set<String> questionTerms = analysis.terms(question);
        List<Candidate> candidates = candidates(question, questionTerms, hits);
        if (candidates.isEmpty()) {
            return Answer.notFound();
        }
        List<Candidate> chosen = choose(candidates);

        StringBuilder text = new StringBuilder();
        Map<Integer, Citation> citations = new LinkedHashMap<>();
        for (Candidate c : chosen) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(shorten(TextAnalysis.normalizeSpace(c.sentence().text()))).append(" [").append(c.n()).append(']');
            citations.computeIfAbsent(c.n(), n -> citation(n, c.hit(), c.sentence()));
        }
        List<Citation> ordered = citations.values().stream().sorted(Comparator.comparingInt(Citation::n)).toList();
        return new Answer(text.toString(), AnswerMode.EXTRACTIVE, ordered);
    }

    /**
     * A citation of passage {@code n} whose snippet is centred on the passage's sentence that best matches
     * the question (for answers whose wording does not come from the passage, such as the model's).
     */
    public Citation citationFor(String question, int n, SearchHit hit) {
        Set<String> questionTerms = analysis.terms(question);
        List<TextAnalysis.Sentence> sentences = TextAnalysis.sentences(textOf(hit));
        TextAnalysis.Sentence best = null;
        int bestMatched = -1;
        for (TextAnalysis.Sentence sentence : sentences) {
            int matched = overlap(questionTerms, analysis.terms(sentence.text()));
            if (matched > bestMatched) {
                best = sentence;
                bestMatched = matched;
            }
        }
        return citation(n, hit, best);
    }

    private List<Candidate> candidates(String question, Set<String> questionTerms, List<SearchHit> hits) {
        List<Candidate> candidates = new ArrayList<>();
        int k = hits.size();
        double perTerm = questionTerms.isEmpty() ? 0 : 1.0 / questionTerms.size();
        Pattern wanted = ASKS_FOR_TIME.matcher(question).find() ? TIME
                : ASKS_FOR_NUMBER.matcher(question).find() ? NUMBER : null;
        for (int i = 0; i < k; i++) {
            SearchHit hit = hits.get(i);
            double rankBonus = MAX_RANK_BONUS * (k - i) / k;
            double context = CONTEXT_WEIGHT * perTerm * overlap(questionTerms, analysis.terms(textOf(hit)));
            for (TextAnalysis.Sentence sentence : TextAnalysis.sentences(textOf(hit))) {
                Set<String> terms = analysis.terms(sentence.text());
                if (terms.isEmpty()) {
                    continue; // punctuation, numbering, stop words only
                }
                int matched = overlap(questionTerms, terms);
                double answerType = wanted != null && wanted.matcher(sentence.text()).find() ? ANSWER_TYPE_TERMS * perTerm : 0;
                double score = matched * perTerm + context + answerType + rankBonus;
                candidates.add(new Candidate(i + 1, hit, sentence, matched, score));
            }
        }
        return candidates;
    }

    private List<Candidate> choose(List<Candidate> candidates) {
        boolean anyMatch = candidates.stream().anyMatch(c -> c.matched() > 0);
        if (!anyMatch) {
            // Nothing shares a word with the question (it matched by meaning only): show where the best passage starts.
            return List.of(candidates.get(0));
        }
        List<Candidate> ranked = candidates.stream()
                .filter(c -> c.matched() > 0)
                .sorted(Comparator.comparingDouble(Candidate::score).reversed()
                        .thenComparingInt(Candidate::n)
                        .thenComparingInt(c -> c.sentence().start()))
                .toList();
        double floor = ranked.get(0).score() * relativeThreshold;
        List<Candidate> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Candidate c : ranked) {
            if (chosen.size() == maxSentences || c.score() < floor) {
                break;
            }
            // the same sentence in two passages (overlapping chunks, duplicate documents) is said once
            if (seen.add(TextAnalysis.normalizeSpace(c.sentence().text()).toLowerCase(Locale.ROOT))) {
                chosen.add(c);
            }
        }
        return chosen;
    }

    private Citation citation(int n, SearchHit hit, TextAnalysis.Sentence around) {
        return new Citation(n, hit.documentId(), hit.documentName(), hit.chunkId(), snippet(textOf(hit), around), hit.score(),
                hit.page(), hit.headingPath(), hit.source());
    }

    /** At most {@code snippetChars} of the passage, centred on the sentence, cut at word boundaries where possible. */
    String snippet(String text, TextAnalysis.Sentence around) {
        if (text.length() <= snippetChars) {
            return TextAnalysis.normalizeSpace(text);
        }
        int focusStart = around == null ? 0 : around.start();
        int focusEnd = around == null ? 0 : around.end();
        int focusLength = focusEnd - focusStart;
        int start;
        if (focusLength >= snippetChars) {
            start = focusStart;
        } else {
            start = Math.max(0, focusStart - (snippetChars - focusLength) / 2);
            start = Math.min(start, text.length() - snippetChars);
        }
        int end = Math.min(text.length(), start + snippetChars);
        if (start > 0) { // begin at a word
            int space = text.indexOf(' ', start);
            if (space >= 0 && space < focusStart && space < end) {
                start = space + 1;
            }
        }
        if (end < text.length()) { // end at a word
            int space = text.lastIndexOf(' ', end);
            if (space > start && space >= focusEnd) {
                end = space;
            }
        }
        return TextAnalysis.normalizeSpace(text.substring(start, end));
    }

    private static String shorten(String sentence) {
        if (sentence.length() <= MAX_SENTENCE_CHARS) {
            return sentence;
        }
        int cut = sentence.lastIndexOf(' ', MAX_SENTENCE_CHARS - 1);
        return sentence.substring(0, cut > MAX_SENTENCE_CHARS / 2 ? cut : MAX_SENTENCE_CHARS - 1) + "…";
    }

    private static int overlap(Set<String> questionTerms, Set<String> terms) {
        int matched = 0;
        for (String term : terms) {
            if (questionTerms.contains(term)) {
                matched++;
            }
        }
        return matched;
    }

    private static String textOf(SearchHit hit) {
        return hit.text() == null ? "" : hit.text();
    }

    @PreDestroy
    void close() {
        analysis.close();
    }
}
