package dev.ragsuite.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragsuite.auth.session.SessionService;

/**
 * The answer to a successful login or refresh; {@code expiresIn} (of the access token) is in seconds. In cookie
 * mode ({@link RefreshCookies}) {@code refreshToken} is left out: it travels in the HttpOnly cookie only.
 */
public record TokenResponse(String accessToken, @JsonInclude(JsonInclude.Include.NON_NULL) String refreshToken,
        String tokenType, long expiresIn) {

    static TokenResponse of(SessionService.Tokens tokens) {
        return new TokenResponse(tokens.access().value(), tokens.refreshToken(), "Bearer", tokens.access().expiresInSeconds());
    }

    static TokenResponse withoutRefreshToken(SessionService.Tokens tokens) {
        return new TokenResponse(tokens.access().value(), null, "Bearer", tokens.access().expiresInSeconds());
    }
}
