package dev.ragsuite.common.api;

/**
 * The public API's cookie mode for browsers, shared by auth-service (which sets and reads the cookie) and the
 * gateway (which forwards it, and the headers auth-service checks, on this one path only): a login with
 * {@value #MODE_HEADER}{@code : cookie} puts the refresh token in the HttpOnly cookie {@value #NAME}, scoped to
 * {@value #PATH}, where the browser refreshes with it.
 */
public final class RefreshCookie {

    public static final String NAME = "rag_refresh";
    public static final String PATH = "/api/auth/refresh/cookie";
    public static final String MODE_HEADER = "X-Refresh-Token-Mode";
    public static final String COOKIE_MODE = "cookie";

    private RefreshCookie() {
    }
}
