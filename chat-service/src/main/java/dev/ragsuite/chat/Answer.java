package dev.ragsuite.chat;

import java.util.List;

/** An answer to one question: its text with {@code [n]} markers, how it was made, and the passages it cites. */
public record Answer(String text, AnswerMode mode, List<Citation> citations) {

    public static final String NOT_FOUND = "I could not find this in your documents.";

    public Answer {
        citations = List.copyOf(citations);
    }

    /** The answer when retrieval found nothing of the caller's to answer from: not an error. */
    public static Answer notFound() {
        return new Answer(NOT_FOUND, AnswerMode.EXTRACTIVE, List.of());
    }
}
