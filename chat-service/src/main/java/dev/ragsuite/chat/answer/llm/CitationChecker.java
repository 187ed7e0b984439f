package dev.ragsuite.chat.answer.llm;

import java.util.List;

/**
 * Checks the citation markers of a whole model answer against the passages it was actually given (see
 * {@link CitationFilter}, which does the same for a streamed answer): invalid numbers are removed from
 * the text and counted; the valid ones say which passages the answer cites.
 */
final class CitationChecker {

    /** The cleaned text, the passage numbers it cites (ascending), and how many invalid numbers were dropped. */
    record Result(String text, List<Integer> cited, int invalid) {
    }

    private CitationChecker() {
    }

    static Result check(String answer, int passages) {
        CitationFilter filter = new CitationFilter(passages);
        String text = filter.accept(answer) + filter.finish();
        return new Result(text, filter.cited(), filter.invalid());
    }
}
