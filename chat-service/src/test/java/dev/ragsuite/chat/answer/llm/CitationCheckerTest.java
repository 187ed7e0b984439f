package dev.ragsuite.chat.answer.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitationCheckerTest {

    @Test
    void keepsValidMarkersAndRemovesOutOfRangeOnes() {
        CitationChecker.Result result = CitationChecker.check("Tesla died in 1943 [1]. He was 86 [7].", 2);

        assertEquals("Tesla died in 1943 [1]. He was 86.", result.text());
        assertEquals(List.of(1), result.cited());
        assertEquals(1, result.invalid());
    }

    @Test
    void splitsListsAndDropsZero() {
        CitationChecker.Result result = CitationChecker.check("It flows into the Black Sea [2, 0, 1][3].", 3);

        assertEquals("It flows into the Black Sea [2][1][3].", result.text());
        assertEquals(List.of(1, 2, 3), result.cited());
        assertEquals(1, result.invalid());
    }

    @Test
    void textWithoutMarkersIsUnchanged() {
        CitationChecker.Result result = CitationChecker.check("I could not find this in your documents.", 4);

        assertEquals("I could not find this in your documents.", result.text());
        assertEquals(List.of(), result.cited());
        assertEquals(0, result.invalid());
    }
}
