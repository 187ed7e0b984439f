package dev.ragsuite.chat;

/** Who wrote a message of a conversation (stored as the lower-case name). */
public enum MessageRole {
    USER, ASSISTANT;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
