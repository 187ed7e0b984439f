package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.Citation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message of a conversation; {@code mode} and {@code model} are null and {@code citations} empty on the user's
 * questions ({@code model} is also null on model answers stored before answers named their model).
 */
public record MessageView(UUID id, String role, String content, String mode, String model, List<Citation> citations,
        Instant createdAt) {
}
