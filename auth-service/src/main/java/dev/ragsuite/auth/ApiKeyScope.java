package dev.ragsuite.auth;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may be used for; the gateway checks the {@code scope} claim per route. */
public enum ApiKeyScope {
    CHAT("chat"),
    DOCUMENTS_READ("documents:read"),
    DOCUMENTS_WRITE("documents:write");

    private final String value;

    ApiKeyScope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ApiKeyScope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
