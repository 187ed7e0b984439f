package dev.ragsuite.chat.answer.extractive;

import dev.ragsuite.chat.MessageRole;
import dev.ragsuite.chat.Turn;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The deterministic rewrite of a follow-up question into a standalone retrieval query, used when no
 * language model is configured (and as the model's fallback).
 *
 * <p>A follow-up stands on its own when it has no referring word (it, he, she, they, this, that, there…)
 * and at least two content terms: it is left as it is. Otherwise the content words of the most recent
 * earlier question that has any the follow-up lacks are appended (at most {@value #MAX_ADDED_WORDS}):
 * after "When did Tesla die?", "Where did he live?" becomes "Where did he live? tesla die". Answers are
 * not used (long, and their wording is the documents', not the user's intent).
 */
@ApplicationScoped
public class QueryCondenser {

    static final int MAX_ADDED_WORDS = 8;
    private static final Set<String> REFERRING = Set.of(
            "it", "its", "it's", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs",
            "this", "that", "these", "those", "there", "former", "latter", "same", "else");

    private final TextAnalysis analysis = new TextAnalysis();

    /** The question to retrieve with, given the earlier messages of the conversation (oldest first). */
    public String heuristic(String question, List<Turn> history) {
        List<String> earlierQuestions = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            Turn turn = history.get(i);
            if (turn.role() == MessageRole.USER) {
                earlierQuestions.add(turn.text());
            }
        }
        if (earlierQuestions.isEmpty() || standsAlone(question)) {
            return question;
        }
        Set<String> own = analysis.terms(question);
        for (String earlier : earlierQuestions) {
            Set<String> added = new LinkedHashSet<>();
            for (String word : analysis.contentWords(earlier)) {
                if (added.size() == MAX_ADDED_WORDS) {
                    break;
                }
                Set<String> stems = analysis.terms(word);
                if (!stems.isEmpty() && !own.containsAll(stems)) {
                    added.add(word);
                }
            }
            if (!added.isEmpty()) {
                return question + " " + String.join(" ", added);
            }
        }
        return question;
    }

    /** No referring word, and at least two content terms. */
    boolean standsAlone(String question) {
        for (String word : question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (REFERRING.contains(word)) {
                return false;
            }
        }
        return analysis.terms(question).size() >= 2;
    }

    @PreDestroy
    void close() {
        analysis.close();
    }
}
