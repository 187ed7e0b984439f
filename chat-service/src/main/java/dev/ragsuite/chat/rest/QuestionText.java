package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.common.problem.ProblemException;

/** The limits of a question's text, the same on every endpoint that takes one. */
public final class QuestionText {

    private QuestionText() {
    }

    /** The question trimmed; a 400 when it is blank or longer than {@value ChatConfig#MAX_QUESTION_CHARS} characters. */
    public static String checked(String raw) {
        String question = raw == null ? "" : raw.strip();
        if (question.isEmpty()) {
            throw ProblemException.badRequest("The question must not be blank.");
        }
        if (question.length() > ChatConfig.MAX_QUESTION_CHARS) {
            throw ProblemException.badRequest("The question is too long: at most " + ChatConfig.MAX_QUESTION_CHARS
                    + " characters.");
        }
        return question;
    }
}
