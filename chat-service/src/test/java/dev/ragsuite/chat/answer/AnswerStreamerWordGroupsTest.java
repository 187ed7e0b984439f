package dev.ragsuite.chat.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerStreamerWordGroupsTest {

    @Test
    void wordGroupsAddUpToTheTextExactly() {
        String text = "Tesla died on 7 January 1943 [1].  He was 86 [2].";

        List<String> groups = AnswerStreamer.wordGroups(text, 3);

        assertEquals(List.of("Tesla died on ", "7 January 1943 ", "[1].  He was ", "86 [2]."), groups);
        assertEquals(text, String.join("", groups));
        assertEquals(List.of("one"), AnswerStreamer.wordGroups("one", 4));
    }
}
