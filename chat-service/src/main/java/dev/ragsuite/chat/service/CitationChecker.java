package dev.ragsuite.chat.service;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the citation markers of a model's answer against the passages it was actually given: a marker
 * {@code [n]} (or a list {@code [1, 3]}) is valid when 1 ≤ n ≤ k. Invalid numbers are removed from the
 * text and counted; the valid ones say which passages the answer cites.
 */
final class CitationChecker {

    private static final Pattern MARKER = Pattern.compile("\\s?\\[(\\d{1,4}(?:\\s*,\\s*\\d{1,4})*)\\]");

    /** The cleaned text, the passage numbers it cites (ascending), and how many invalid numbers were dropped. */
    record Result(String text, List<Integer> cited, int invalid) {
    }

    private CitationChecker() {
    }

    static Result check(String answer, int passages) {
        Matcher matcher = MARKER.matcher(answer);
        StringBuilder text = new StringBuilder();
        TreeSet<Integer> cited = new TreeSet<>();
        int invalid = 0;
        while (matcher.find()) {
            List<Integer> valid = new ArrayList<>();
            for (String number : matcher.group(1).split(",")) {
                int n = Integer.parseInt(number.trim());
                if (n >= 1 && n <= passages) {
                    valid.add(n);
                } else {
                    invalid++;
                }
            }
            StringBuilder replacement = new StringBuilder();
            if (!valid.isEmpty()) {
                replacement.append(matcher.group().startsWith(" ") || matcher.group().startsWith("\t") ? " " : "");
                for (int n : valid) {
                    replacement.append('[').append(n).append(']');
                }
                cited.addAll(valid);
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(replacement.toString()));
        }
        matcher.appendTail(text);
        String cleaned = text.toString().replaceAll("[ \\t]{2,}", " ").replaceAll(" +([.,;:!?])", "$1").strip();
        return new Result(cleaned, List.copyOf(cited), invalid);
    }
}
