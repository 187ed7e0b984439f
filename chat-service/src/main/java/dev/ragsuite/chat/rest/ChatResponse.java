package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import java.util.List;
import java.util.UUID;

/**
 * An answer with the passages it cites, and where it was stored; {@code model} names what wrote it
 * ({@code <provider>:<model>}, e.g. {@code ollama:llama3.2}, or {@code extractive}).
 */
public record ChatResponse(String answer, AnswerMode mode, String model, List<Citation> citations, UUID conversationId,
        UUID messageId) {
}
