package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.session.SessionService;
import dev.ragsuite.common.api.RefreshCookie;
import dev.ragsuite.common.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.NewCookie;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The refresh token of browser clients, kept in an {@code HttpOnly; SameSite=Strict} cookie that only
 * {@link RefreshCookie#PATH} receives (see {@link AuthConfig.RefreshCookie}). A client asks for it with
 * {@link RefreshCookie#MODE_HEADER}{@code : cookie} on login, and must send that header with the cookie refresh
 * (a custom header: no form can); the JSON mode (the token in the body) stays for every other client.
 */
@Singleton
public class RefreshCookies {

    private final AuthConfig.RefreshCookie config;
    private final long maxAgeSeconds;

    public RefreshCookies(AuthConfig config) {
        this.config = config.refreshCookie();
        this.maxAgeSeconds = config.session().absoluteTimeout().toSeconds();
    }

    /**
     * The answer to a login: the tokens in the body (JSON mode, no header), or the access token in the body and
     * the refresh token in the cookie ({@code cookie} mode). Any other mode is a 400 problem.
     */
    RestResponse<TokenResponse> answer(SessionService.Tokens tokens, String mode) {
        if (mode == null || mode.isBlank()) {
            return RestResponse.ok(TokenResponse.of(tokens));
        }
        if (!isCookieMode(mode)) {
            throw ProblemException.badRequest(RefreshCookie.MODE_HEADER + " must be '" + RefreshCookie.COOKIE_MODE
                    + "' or absent");
        }
        return inCookie(tokens);
    }

    /** The access token in the body, the (rotated) refresh token in the cookie. */
    RestResponse<TokenResponse> inCookie(SessionService.Tokens tokens) {
        return RestResponse.ResponseBuilder.ok(TokenResponse.withoutRefreshToken(tokens))
                .cookie(cookie(tokens.refreshToken(), maxAgeSeconds))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** A cookie that deletes the refresh cookie (sent on logout, whichever mode the client used). */
    NewCookie cleared() {
        return cookie("", 0);
    }

    /**
     * Refuses a cookie refresh a cross-site page could have caused: without the mode header (which a page of
     * another site cannot send without a CORS preflight), or from an {@code Origin} other than the suite's own
     * (the scheme and host the gateway forwarded) or one of the configured ones. 403 problem.
     */
    void checkSameSite(HttpServerRequest http) {
        if (!isCookieMode(http.getHeader(RefreshCookie.MODE_HEADER))) {
            throw ProblemException.forbidden("A cookie refresh needs the header " + RefreshCookie.MODE_HEADER + ": "
                    + RefreshCookie.COOKIE_MODE + ".");
        }
        String origin = trimmed(http.getHeader("Origin"));
        if (origin == null || !(origin.equalsIgnoreCase(ownOrigin(http))
                || config.allowedOrigins().orElse(List.of()).stream().anyMatch(origin::equalsIgnoreCase))) {
            throw ProblemException.forbidden("A cookie refresh must come from the suite's own web origin.");
        }
    }

    /** The origin the browser sees: what the gateway forwarded (X-Forwarded-Proto/-Host), else this request's. */
    private static String ownOrigin(HttpServerRequest http) {
        String proto = trimmed(http.getHeader("X-Forwarded-Proto"));
        String host = trimmed(http.getHeader("X-Forwarded-Host"));
        if (proto == null || host == null) {
            proto = http.scheme();
            host = http.authority() == null ? null : http.authority().toString();
        }
        return proto + "://" + host;
    }

    private NewCookie cookie(String value, long maxAge) {
        return new NewCookie.Builder(RefreshCookie.NAME).value(value).path(RefreshCookie.PATH).httpOnly(true).secure(config.secure())
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) Math.min(Integer.MAX_VALUE, maxAge)).build();
    }

    private static boolean isCookieMode(String mode) {
        return RefreshCookie.COOKIE_MODE.equalsIgnoreCase(trimmed(mode));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
