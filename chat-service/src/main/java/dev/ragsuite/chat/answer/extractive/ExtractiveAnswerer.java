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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers without a language model: picks the sentences of the retrieved passages that best match the
 * question (terms of the suite's one text analysis, {@code dev.ragsuite.text.TextAnalysis}), best first,
 * each followed by the {@code [n]} marker of the passage it came from (n = the passage's 1-based
 * retrieval rank). The first sentence is the one the answer stands on ({@code answerHit@1} of
 * {@code ./rag eval}, docs/evaluation.md).
 *
 * <p>Score of a sentence = the share of the question's terms it contains, each term weighted by its IDF
 * over the sentences of these passages (a term every passage repeats, such as the article's subject,
 * tells the sentences apart less than a rare one), plus smaller parts: how close together the matched
 * terms stand ({@link #proximity}); the IDF-weighted share of the question its whole passage contains
 * (the sentence's context: "It flows into the Black Sea" in a passage about the Danube); a bonus for
 * holding the kind of answer the interrogative asks for in a word the question does not already say
 * (when / what year: a date or year; how many / how much: a number; who: a name; where: a capitalised
 * place after a preposition); and a bonus for the retrieval rank of its passage. A sentence loses a little
 * per term beyond {@link #LONG_SENTENCE_TERMS} (long sentences match many terms by length alone), gains a
 * little for being short ({@link #DENSITY_WEIGHT}), and loses half
 * its score when it only restates the question (no term of its own). The best sentence is always taken;
 * up to {@code maxSentences} in all are taken if they reach {@code relativeThreshold} of its score.
 * When no sentence shares any term with the question, the answer is the opening of the top passage.
 * Pure CPU work, milliseconds for a handful of passages but more for twenty long ones: callers run it
 * on a worker thread, not on the event loop.
 */
@ApplicationScoped
public class ExtractiveAnswerer {

    /**
     * Greatest bonus for the retrieval rank of a sentence's passage (the top one; falling linearly to 0
     * below the last): worth a tenth of the question, so a sentence from a better-ranked passage wins when
     * two say about as much.
     */
    static final double MAX_RANK_BONUS = 0.1;
    /** Weight of the passage's (IDF-weighted) coverage of the question, against 1.0 for the sentence's own. */
    static final double CONTEXT_WEIGHT = 0.25;
    /** Bonus for a sentence holding the kind of answer asked for, in a word the question does not say itself. */
    static final double ANSWER_TYPE_WEIGHT = 0.15;
    /** Greatest bonus for the question's terms standing together in the sentence ({@link #proximity}). */
    static final double PROXIMITY_WEIGHT = 0.1;
    /** Share of its score a sentence keeps when all its terms are the question's: it only restates the question. */
    static final double RESTATEMENT_FACTOR = 0.5;
    /** Sentences longer than this many analysed terms lose {@link #LENGTH_PENALTY} per further term (at most as many again). */
    static final int LONG_SENTENCE_TERMS = 25;
    static final double LENGTH_PENALTY = 0.005;
    /**
     * Greatest bonus, as a share of the sentence's coverage, for a sentence no longer than the average of
     * these passages' sentences (shrinking with its length above it): of two sentences that match the same
     * terms, the focused one ("Tesla died on 7 January 1943.") says more about them than the long one.
     */
    static final double DENSITY_WEIGHT = 0.2;

    private static final Pattern ASKS_FOR_TIME = Pattern.compile(
            "^\\s*(?:(?:in|on|at|since|until|by)\\s+)?(?:when\\b|(?:what|which)\\s+(?:year|years|date|day|month|decade|century|time|period|era)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKS_FOR_NUMBER = Pattern.compile(
            "^\\s*(?:(?:about|approximately|roughly)\\s+)?(?:how\\s+(?:many|much|long|old|far|big|large|tall|high|deep|often|wide|heavy|fast)\\b|what\\s+(?:age|percentage|percent|proportion|share|number|amount|size|population)\\b)",
            Pattern.CASE_INSENSITIVE);
    /** The noun of an interrogative phrase that names the kind of answer asked for (group 1). */
    private static final Pattern ANSWER_TYPE_NOUN = Pattern.compile(
            "^\\s*(?:(?:in|on|at|since|until|by|about)\\s+)?(?:what|which)\\s+(year|years|date|day|month|decade|century|time|period|era|age|percentage|percent|proportion|number|amount)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKS_FOR_PERSON = Pattern.compile("^\\s*(?:(?:by|to|for|with)\\s+)?(?:who|whom|whose)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKS_FOR_PLACE = Pattern.compile("^\\s*where\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile(
            "\\b(?:1\\d{3}|20\\d{2})s?\\b|\\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\\b|\\b\\d{1,4}(?:st|nd|rd|th)?\\s+century\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d[\\d,.]*\\b|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A capitalised word that does not open the sentence: a name, most often. */
    private static final Pattern NAME = Pattern.compile("(?<=[\\p{L}\\p{N},;:)] )\\p{Lu}[\\p{L}'’.-]+");
    /** A capitalised word after a preposition of place. */
    private static final Pattern PLACE = Pattern.compile("\\b(?:in|at|near|from|to|into|on)\\s+(?:the\\s+)?(\\p{Lu}[\\p{L}'’.-]+)");

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
        Set<String> questionTerms = analysis.terms(withoutAnswerTypeNoun(question));
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

    /** The kind of answer a question asks for, from its interrogative: a pattern a sentence holding one matches. */
    static Pattern expectedAnswer(String question) {
        if (ASKS_FOR_TIME.matcher(question).find()) {
            return TIME;
        }
        if (ASKS_FOR_NUMBER.matcher(question).find()) {
            return NUMBER;
        }
        if (ASKS_FOR_PERSON.matcher(question).find()) {
            return NAME;
        }
        if (ASKS_FOR_PLACE.matcher(question).find()) {
            return PLACE;
        }
        return null;
    }

    /**
     * The question without the noun of its interrogative phrase when that noun names the kind of answer
     * ("In what year did Tesla die?" → "In what did Tesla die?"): "year" asks for a year, it is not what the
     * answer is about, and as a term it would favour any sentence that says "that year".
     */
    static String withoutAnswerTypeNoun(String question) {
        Matcher m = ANSWER_TYPE_NOUN.matcher(question);
        return m.find() ? question.substring(0, m.start(1)) + question.substring(m.end(1)) : question;
    }

    /** Whether the sentence holds the kind of answer wanted in a word the question does not already say. */
    private static boolean holdsAnswerType(Pattern wanted, String sentence, String questionLower) {
        if (wanted == null) {
            return false;
        }
        Matcher m = wanted.matcher(sentence);
        while (m.find()) {
            String found = (m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group()).toLowerCase(Locale.ROOT);
            if (!questionLower.contains(found)) {
                return true;
            }
        }
        return false;
    }

    private List<Candidate> candidates(String question, Set<String> questionTerms, List<SearchHit> hits) {
        int k = hits.size();
        List<List<TextAnalysis.Sentence>> sentencesOf = new ArrayList<>(k);
        List<List<List<String>>> termsOf = new ArrayList<>(k);
        Map<String, Integer> documentFrequency = new HashMap<>();
        int sentenceCount = 0;
        long termCount = 0;
        for (SearchHit hit : hits) {
            List<TextAnalysis.Sentence> sentences = TextAnalysis.sentences(textOf(hit));
            List<List<String>> terms = new ArrayList<>(sentences.size());
            for (TextAnalysis.Sentence sentence : sentences) {
                List<String> sequence = analysis.termSequence(sentence.text());
                terms.add(sequence);
                sentenceCount++;
                termCount += sequence.size();
                for (String term : new HashSet<>(sequence)) {
                    if (questionTerms.contains(term)) {
                        documentFrequency.merge(term, 1, Integer::sum);
                    }
                }
            }
            sentencesOf.add(sentences);
            termsOf.add(terms);
        }
        // How much each question term tells the passages' sentences apart (BM25's IDF over these sentences).
        Map<String, Double> weight = new HashMap<>();
        double totalWeight = 0;
        for (String term : questionTerms) {
            int df = documentFrequency.getOrDefault(term, 0);
            double idf = Math.log(1 + (sentenceCount - df + 0.5) / (df + 0.5));
            weight.put(term, idf);
            totalWeight += idf;
        }
        double averageLength = sentenceCount == 0 ? 1 : Math.max(1.0, (double) termCount / sentenceCount);
        Pattern wanted = expectedAnswer(question);
        String questionLower = question.toLowerCase(Locale.ROOT);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            SearchHit hit = hits.get(i);
            double rankBonus = MAX_RANK_BONUS * (k - i) / k;
            Set<String> passageTerms = new HashSet<>();
            termsOf.get(i).forEach(passageTerms::addAll);
            double context = CONTEXT_WEIGHT * coverage(questionTerms, passageTerms, weight, totalWeight);
            List<TextAnalysis.Sentence> sentences = sentencesOf.get(i);
            for (int j = 0; j < sentences.size(); j++) {
                TextAnalysis.Sentence sentence = sentences.get(j);
                List<String> sequence = termsOf.get(i).get(j);
                if (sequence.isEmpty()) {
                    continue; // punctuation, numbering, stop words only
                }
                Set<String> terms = new HashSet<>(sequence);
                int matched = overlap(questionTerms, terms);
                double covered = coverage(questionTerms, terms, weight, totalWeight);
                double score = covered + DENSITY_WEIGHT * covered * Math.min(1.0, averageLength / sequence.size())
                        + PROXIMITY_WEIGHT * proximity(questionTerms, sequence, matched)
                        + context + rankBonus;
                if (holdsAnswerType(wanted, sentence.text(), questionLower)) {
                    score += ANSWER_TYPE_WEIGHT;
                }
                if (sequence.size() > LONG_SENTENCE_TERMS) { // a long sentence matches many terms by its length alone
                    score -= LENGTH_PENALTY * Math.min(sequence.size() - LONG_SENTENCE_TERMS, LONG_SENTENCE_TERMS);
                }
                if (matched > 0 && questionTerms.containsAll(terms)) {
                    score *= RESTATEMENT_FACTOR; // it only says what the question says
                }
                candidates.add(new Candidate(i + 1, hit, sentence, matched, score));
            }
        }
        return candidates;
    }

    /** The IDF-weighted share of the question's terms among {@code terms}. */
    private static double coverage(Set<String> questionTerms, Set<String> terms, Map<String, Double> weight, double totalWeight) {
        if (totalWeight <= 0) {
            return 0;
        }
        double covered = 0;
        for (String term : questionTerms) {
            if (terms.contains(term)) {
                covered += weight.get(term);
            }
        }
        return covered / totalWeight;
    }

    /**
     * How close together the question's terms stand in the sentence: (matched terms) / (length of the shortest
     * run of terms holding them all), 1 when they are adjacent; 0 with fewer than two matched terms.
     */
    static double proximity(Set<String> questionTerms, List<String> sequence, int matched) {
        if (matched < 2) {
            return 0;
        }
        Map<String, Integer> inWindow = new HashMap<>();
        int best = Integer.MAX_VALUE;
        int left = 0;
        for (int right = 0; right < sequence.size(); right++) {
            String term = sequence.get(right);
            if (questionTerms.contains(term)) {
                inWindow.merge(term, 1, Integer::sum);
            }
            while (inWindow.size() == matched) {
                best = Math.min(best, right - left + 1);
                String leaving = sequence.get(left++);
                if (inWindow.containsKey(leaving) && inWindow.merge(leaving, -1, Integer::sum) == 0) {
                    inWindow.remove(leaving);
                }
            }
        }
        return best == Integer.MAX_VALUE ? 0 : (double) matched / best;
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
