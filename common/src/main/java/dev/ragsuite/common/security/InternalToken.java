package dev.ragsuite.common.security;

import dev.ragsuite.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The internal-call credential: what callers send and what the callee compares in constant time. */
@ApplicationScoped
public class InternalToken {

    public static final String HEADER = "X-Internal-Token";
    private static final int MIN_LENGTH = 32;

    private final InternalConfig config;

    public InternalToken(InternalConfig config) {
        this.config = config;
    }

    public String value() {
        String token = config.token().orElse("");
        if (token.length() < MIN_LENGTH) {
            throw ProblemException.unavailable(
                    "Internal calls are not configured: set rag.internal.token (RAG_INTERNAL_TOKEN), at least 32 characters.");
        }
        return token;
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(
                value().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
