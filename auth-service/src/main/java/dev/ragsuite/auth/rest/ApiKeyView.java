package dev.ragsuite.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragsuite.auth.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as its owner sees it; {@code key} is present only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(UUID id, String name, List<String> scopes, String key, String prefix, Instant createdAt,
        Instant expiresAt, Instant lastUsedAt) {

    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id, key.name, key.scopeList(), null, key.prefix, key.createdAt, key.expiresAt, key.lastUsedAt);
    }

    static ApiKeyView created(ApiKey key, String plain) {
        return new ApiKeyView(key.id, key.name, key.scopeList(), plain, key.prefix, key.createdAt, key.expiresAt, null);
    }
}
