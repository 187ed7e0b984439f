package dev.ragsuite.chat.answer.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a model's citation markers as its text arrives piece by piece, so no invalid marker is ever
 * released: a marker {@code [n]} (or a list {@code [1, 3]}) names passage n, valid when 1 ≤ n ≤ k.
 * Valid numbers are kept (a list becomes {@code [1][3]}); invalid ones are removed and counted, and a
 * marker left empty goes with the blank before it unless a word or another marker follows ("86 [7]."
 * becomes "86.", "86 [7][1]" becomes "86 [1]").
 *
 * <p>Text is held back only while it could still turn into a marker (an open {@code [} followed by
 * digits, commas and blanks) and for trailing blanks (which belong to a marker that may follow); all the
 * rest is released at once. Leading and trailing blanks of the whole answer are dropped. One instance per
 * answer; not thread-safe (calls come in order from one stream).
 */
public final class CitationFilter {

    /** A complete marker, of any length, so that no huge out-of-range number passes as plain text. */
    private static final Pattern MARKER = Pattern.compile("\\[(\\d+(?:\\s*,\\s*\\d+)*)\\]");
    /** What an unfinished marker can look like at the end of the text received so far. */
    private static final Pattern OPEN_MARKER = Pattern.compile("\\[(?:\\d[\\d\\s,]*)?");

    private final int passages;
    private final StringBuilder pending = new StringBuilder();
    private final TreeSet<Integer> cited = new TreeSet<>();
    private int invalid;
    private boolean released;
    /** The blanks before a removed marker: kept only if a word or another marker follows. */
    private String removedBlank = "";

    /** @param passages how many passages the model was given (k) */
    public CitationFilter(int passages) {
        this.passages = passages;
    }

    /** Takes the next piece of the model's text; returns what can be released now (maybe empty). */
    public String accept(String piece) {
        pending.append(piece);
        return drain(false);
    }

    /** The end of the model's text: releases whatever was held (an unfinished marker is plain text then). */
    public String finish() {
        return drain(true);
    }

    /** The passages the released text cites, ascending. */
    public List<Integer> cited() {
        return List.copyOf(cited);
    }

    /** How many invalid numbers were removed so far. */
    public int invalid() {
        return invalid;
    }

    private String drain(boolean last) {
        StringBuilder out = new StringBuilder();
        int cursor = 0;
        while (true) {
            if (!removedBlank.isEmpty()) {
                if (cursor == pending.length()) {
                    if (last) {
                        removedBlank = "";
                    }
                    break; // what follows decides
                }
                char next = pending.charAt(cursor);
                if (next == '[' || !(Character.isWhitespace(next) || isPunctuation(next))) {
                    out.append(removedBlank);
                }
                removedBlank = "";
            }
            int open = pending.indexOf("[", cursor);
            if (open < 0) {
                String rest = pending.substring(cursor);
                String kept = stripTrailingBlanks(rest);
                out.append(kept);
                cursor += kept.length();
                if (last) {
                    cursor = pending.length(); // trailing blanks of the whole answer are dropped
                }
                break;
            }
            String before = pending.substring(cursor, open);
            String beforeTrimmed = stripTrailingBlanks(before);
            Matcher marker = MARKER.matcher(pending).region(open, pending.length());
            if (marker.lookingAt()) {
                String valid = validOf(marker.group(1));
                if (valid.isEmpty()) {
                    out.append(beforeTrimmed);
                    removedBlank = before.substring(beforeTrimmed.length());
                } else {
                    out.append(before).append(valid);
                }
                cursor = marker.end();
                continue;
            }
            if (!last && OPEN_MARKER.matcher(pending).region(open, pending.length()).matches()) {
                out.append(beforeTrimmed); // the blanks before it and the open marker wait for more text
                cursor += beforeTrimmed.length();
                break;
            }
            out.append(before).append('[');
            cursor = open + 1;
        }
        pending.delete(0, cursor);
        String text = out.toString();
        if (!released) {
            text = text.stripLeading();
            released = !text.isEmpty();
        }
        return text;
    }

    private String validOf(String numbers) {
        List<Integer> valid = new ArrayList<>();
        for (String number : numbers.split(",")) {
            String digits = number.strip();
            int n = digits.length() > 9 ? 0 : Integer.parseInt(digits);
            if (n >= 1 && n <= passages) {
                valid.add(n);
            } else {
                invalid++;
            }
        }
        StringBuilder markers = new StringBuilder();
        for (int n : valid) {
            markers.append('[').append(n).append(']');
            cited.add(n);
        }
        return markers.toString();
    }

    private static boolean isPunctuation(char c) {
        int type = Character.getType(c);
        return type == Character.OTHER_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.FINAL_QUOTE_PUNCTUATION || type == Character.DASH_PUNCTUATION;
    }

    private static String stripTrailingBlanks(String text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
