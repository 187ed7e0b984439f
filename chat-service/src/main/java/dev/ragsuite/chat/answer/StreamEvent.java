package dev.ragsuite.chat.answer;

import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.common.problem.Problem;
import java.util.List;
import java.util.UUID;

/** One event of a streamed answer: tokens, then citations, then done; or an error, which ends the stream. */
public sealed interface StreamEvent permits StreamEvent.Token, StreamEvent.Citations, StreamEvent.Done, StreamEvent.Failed {

    record Token(String text) implements StreamEvent {
    }

    record Citations(List<Citation> citations) implements StreamEvent {
    }

    /** The end of an answer: where it was stored (null ids when it was not), its mode and the model that wrote it. */
    record Done(UUID conversationId, UUID messageId, AnswerMode mode, String model) implements StreamEvent {
    }

    record Failed(Problem problem) implements StreamEvent {
    }
}
