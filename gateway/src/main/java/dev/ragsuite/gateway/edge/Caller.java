package dev.ragsuite.gateway.edge;

import java.util.Optional;
import java.util.Set;

/**
 * The verified caller of a request, put on the routing context by the auth filter.
 *
 * @param userId the token's subject
 * @param sessionId the token's {@code sid}: the login session, or the API key it was exchanged for
 * @param scopes the token's {@code scope} claim; empty for a user session (unrestricted)
 * @param apiKey whether the caller presented an API key (exchanged for the token)
 */
public record Caller(String userId, String sessionId, Optional<Set<String>> scopes, boolean apiKey) {

    public static final String CONTEXT_KEY = "rag.caller";
}
