package dev.ragsuite.chat.answer.extractive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.chat.MessageRole;
import dev.ragsuite.chat.Turn;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryCondenserTest {

    private final QueryCondenser condenser = new QueryCondenser();

    @AfterEach
    void close() {
        condenser.close();
    }

    private static Turn message(MessageRole role, String content) {
        return new Turn(role, content);
    }

    private static final List<Turn> HISTORY = List.of(
            message(MessageRole.USER, "When did Nikola Tesla die?"),
            message(MessageRole.ASSISTANT, "Tesla died on 7 January 1943 [1]."));

    @Test
    void aFollowUpWithAPronounGetsTheLastQuestionsContentWords() {
        assertEquals("Where did he live? nikola tesla die", condenser.heuristic("Where did he live?", HISTORY));
    }

    @Test
    void aShortFollowUpGetsThemToo() {
        assertEquals("And the year? nikola tesla die", condenser.heuristic("And the year?", HISTORY));
    }

    @Test
    void aQuestionThatStandsAloneIsLeftAlone() {
        assertEquals("Where did Tesla live in New York?", condenser.heuristic("Where did Tesla live in New York?", HISTORY));
        assertEquals("Where did he live?", condenser.heuristic("Where did he live?", List.of()));
    }

    @Test
    void wordsTheFollowUpHasAlreadyAreNotRepeatedAndOlderQuestionsHelpWhenTheLastAddsNothing() {
        List<Turn> history = List.of(
                message(MessageRole.USER, "How long is the Danube river?"),
                message(MessageRole.ASSISTANT, "2,850 km [1]."),
                message(MessageRole.USER, "Where does it flow?"),
                message(MessageRole.ASSISTANT, "Into the Black Sea [2]."));

        // the last question adds only "flow", which is in the follow-up already: the one before is used
        assertEquals("Why does it flow? long danube river", condenser.heuristic("Why does it flow?", history));
        // the model's answers are never used
        assertEquals("Is it deep? flow", condenser.heuristic("Is it deep?", history));
    }

    @Test
    void isDeterministic() {
        assertEquals(condenser.heuristic("What about his brother?", HISTORY),
                condenser.heuristic("What about his brother?", HISTORY));
    }
}
