package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.Conversation;
import java.time.Instant;
import java.util.UUID;

public record ConversationView(UUID id, String title, Instant createdAt, Instant updatedAt) {

    static ConversationView of(Conversation c) {
        return new ConversationView(c.id, c.title, c.createdAt, c.updatedAt);
    }
}
