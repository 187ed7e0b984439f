package dev.ragsuite.chat;

/**
 * One earlier message a follow-up is read with: a stored message of the conversation, or one the caller
 * sent along (the OpenAI-compatible API, whose clients resend the whole history each time).
 */
public record Turn(MessageRole role, String text) {

    public static Turn of(Message message) {
        return new Turn(MessageRole.USER.dbValue().equals(message.role) ? MessageRole.USER : MessageRole.ASSISTANT,
                message.content == null ? "" : message.content);
    }
}
