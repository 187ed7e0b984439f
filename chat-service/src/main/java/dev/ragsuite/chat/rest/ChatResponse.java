package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import java.util.List;
import java.util.UUID;

/** An answer with the passages it cites, and where it was stored. */
public record ChatResponse(String answer, AnswerMode mode, List<Citation> citations, UUID conversationId, UUID messageId) {
}
