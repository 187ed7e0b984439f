package dev.ragsuite.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which way an answer was produced; every answer says so. */
public enum AnswerMode {
    /** Written by the language model from the numbered passages. */
    LLM("llm"),
    /** Sentences picked from the retrieved passages, without a language model. */
    EXTRACTIVE("extractive");

    private final String wire;

    AnswerMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static AnswerMode fromWire(String value) {
        for (AnswerMode mode : values()) {
            if (mode.wire.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown answer mode: " + value);
    }
}
