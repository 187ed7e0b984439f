package dev.ragsuite.chat.answer.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CitationFilterTest {

    private static final Pattern MARKER = Pattern.compile("\\[(\\d+)]");

    /** Feeds the pieces one by one; returns every released piece (the last one from finish()). */
    private static List<String> feed(CitationFilter filter, String... pieces) {
        List<String> released = new ArrayList<>();
        for (String piece : pieces) {
            released.add(filter.accept(piece));
        }
        released.add(filter.finish());
        return released;
    }

    @Test
    void anOutOfRangeMarkerSplitAcrossPiecesIsNeverReleased() {
        CitationFilter filter = new CitationFilter(2);
        List<String> released = feed(filter, "Tesla died", " in 1943 ", "[", "1", "]. He was", " 86 ", "[", "7", "]", ".");

        assertEquals("Tesla died in 1943 [1]. He was 86.", String.join("", released));
        for (String piece : released) { // no piece ever held a marker naming a passage that was not given
            Matcher m = MARKER.matcher(piece);
            while (m.find()) {
                assertEquals("1", m.group(1));
            }
            assertFalse(piece.contains("7"), piece);
        }
        assertEquals(List.of(1), filter.cited());
        assertEquals(1, filter.invalid());
    }

    @Test
    void holdsAnOpenMarkerUntilItIsComplete() {
        CitationFilter filter = new CitationFilter(3);

        assertEquals("It flows", filter.accept("It flows "));
        assertEquals("", filter.accept("[2"));
        assertEquals("", filter.accept(", 9"));
        assertEquals(" [2] into the sea", filter.accept("] into the sea"));
        assertEquals(".", filter.accept("."));
        assertEquals("", filter.finish());
        assertEquals(List.of(2), filter.cited());
        assertEquals(1, filter.invalid());
    }

    @Test
    void bracketsThatAreNoMarkersAreReleasedAsText() {
        CitationFilter filter = new CitationFilter(2);
        assertEquals("See [a", filter.accept("See [a"));
        assertEquals("] and", filter.accept("] and"));
        assertEquals("", filter.finish());

        CitationFilter unfinished = new CitationFilter(2);
        assertEquals("x", unfinished.accept("x ["));
        assertEquals(" [", unfinished.finish()); // the text ended: an unfinished marker names nothing
        assertEquals(0, unfinished.invalid());
    }

    @Test
    void hugeNumbersAndZeroAreInvalidAndLeadingAndTrailingBlanksGo() {
        CitationFilter filter = new CitationFilter(2);

        String text = String.join("", feed(filter, "  big ", "[12345678901234]", " claim [0][2]  ", "\n"));

        assertEquals("big claim [2]", text);
        assertEquals(2, filter.invalid());
        assertEquals(List.of(2), filter.cited());
    }
}
