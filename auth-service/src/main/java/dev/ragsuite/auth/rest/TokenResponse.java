package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.session.SessionService;

/** The answer to a successful login or refresh; {@code expiresIn} (of the access token) is in seconds. */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    static TokenResponse of(SessionService.Tokens tokens) {
        return new TokenResponse(tokens.access().value(), tokens.refreshToken(), "Bearer", tokens.access().expiresInSeconds());
    }
}
