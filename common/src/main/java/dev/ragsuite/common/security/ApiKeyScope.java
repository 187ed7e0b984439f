package dev.ragsuite.common.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may be used for. auth-service puts a key's scopes in the {@code scope} claim of the token
 * it is exchanged for; the service that owns an endpoint names the one it needs with {@link RequiresScope}
 * and {@link ApiKeyScopeFilter} holds such tokens to it (the gateway checks the same per route first).
 */
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
