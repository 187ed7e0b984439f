package dev.ragsuite.chat;

import java.util.List;

/**
 * An answer to one question: its text with {@code [n]} markers, how it was made, the passages it cites, and
 * which model wrote it ({@code <provider>:<model>}, e.g. {@code openai:gpt-4o-mini}, or {@value #EXTRACTIVE_MODEL}
 * when no language model did).
 */
public record Answer(String text, AnswerMode mode, List<Citation> citations, String model) {

    public static final String NOT_FOUND = "I could not find this in your documents.";
    /** The {@code model} of every answer made without a language model (extractive, or "not found"). */
    public static final String EXTRACTIVE_MODEL = "extractive";
    /** The {@code model} of a model answer whose model is not known (cached before answers named their model). */
    public static final String UNKNOWN_MODEL = "unknown";

    public Answer {
        citations = List.copyOf(citations);
        if (mode == AnswerMode.EXTRACTIVE) {
            model = EXTRACTIVE_MODEL;
        } else if (model == null || model.isBlank()) {
            model = UNKNOWN_MODEL;
        }
    }

    /** An answer made without a language model: its {@code model} is {@value #EXTRACTIVE_MODEL}. */
    public Answer(String text, AnswerMode mode, List<Citation> citations) {
        this(text, mode, citations, null);
    }

    /** The answer when retrieval found nothing of the caller's to answer from: not an error. */
    public static Answer notFound() {
        return new Answer(NOT_FOUND, AnswerMode.EXTRACTIVE, List.of());
    }
}
