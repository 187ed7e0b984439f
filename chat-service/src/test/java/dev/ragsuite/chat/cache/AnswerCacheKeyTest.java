package dev.ragsuite.chat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.api.RetrievalMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCacheKeyTest {

    @Test
    void normalisesCaseBlanksAndTrailingPunctuation() {
        assertEquals("when did tesla die", AnswerCache.normalise("  When did\n Tesla   DIE ?! "));
        assertEquals("what is c++", AnswerCache.normalise("What is C++?"));
    }

    @Test
    void theKeyDependsOnOwnerVersionModeTopKAndTheNormalisedQuestion() {
        String key = AnswerCache.key("alice", "3", null, 5, "When did Tesla die?");

        assertTrue(key.startsWith("rag:chat:answers:"));
        assertEquals(key, AnswerCache.key("alice", "3", RetrievalMode.HYBRID, 5, "when did tesla  die"));
        for (String other : List.of(
                AnswerCache.key("bob", "3", null, 5, "When did Tesla die?"),
                AnswerCache.key("alice", "4", null, 5, "When did Tesla die?"),
                AnswerCache.key("alice", "3", RetrievalMode.BM25, 5, "When did Tesla die?"),
                AnswerCache.key("alice", "3", null, 6, "When did Tesla die?"),
                AnswerCache.key("alice", "3", null, 5, "When did Edison die?"))) {
            assertNotEquals(key, other);
        }
    }
}
