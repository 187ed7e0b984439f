package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.Citation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message of a conversation; {@code mode} is null and {@code citations} empty on the user's questions. */
public record MessageView(UUID id, String role, String content, String mode, List<Citation> citations, Instant createdAt) {
}
