package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.vector.api.Searchable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * A question. Its length (1..{@value ChatConfig#MAX_QUESTION_CHARS} characters once trimmed) and the
 * retrieval mode are checked by the resource, since bean validation would count surrounding blanks and
 * an unknown enum value would fail as unreadable JSON instead of saying what is allowed. A question
 * with no letter or digit ({@link Searchable}, the rule vector-service's search applies too) is a 400
 * here, before a conversation is written or vector-service is called.
 *
 * @param conversationId continue this conversation of the caller's; absent to start a new one
 * @param topK how many passages to retrieve, 1..{@value ChatConfig#MAX_TOP_K}; absent for the default
 * @param retrieval {@code hybrid} (absent: the default), {@code bm25} or {@code dense}
 */
public record ChatRequest(
        @NotNull @Searchable String question,
        UUID conversationId,
        @Min(1) @Max(ChatConfig.MAX_TOP_K) Integer topK,
        String retrieval) {
}
