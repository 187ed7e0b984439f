package dev.ragsuite.auth.rest;

/** The answer to a successful login; {@code expiresIn} is in seconds. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {

    static TokenResponse bearer(String accessToken, long expiresIn) {
        return new TokenResponse(accessToken, "Bearer", expiresIn);
    }
}
