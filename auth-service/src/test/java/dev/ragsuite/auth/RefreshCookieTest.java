package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cookie mode, the browser's way to hold a refresh token no script can read: asked for on login, the refresh
 * token arrives only as an HttpOnly, Secure, SameSite=Strict cookie scoped to the cookie refresh; that refresh
 * rotates it, refuses a request a cross-site page could have made, and a spent cookie revokes the session.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RefreshCookieTest {

    private static final String COOKIE = "rag_refresh";
    private static final String MODE = "X-Refresh-Token-Mode";
    /** The suite's web origin as the gateway forwards it (X-Forwarded-Proto/-Host) and the browser sends it. */
    private static final String SITE = "https://rag.example.test";

    @Test
    void loginInCookieModeSetsAnHttpOnlyStrictCookieAndLeavesTheTokenOutOfTheBody() {
        Response login = cookieLogin(newUser());

        login.then().statusCode(200).body("accessToken", notNullValue()).body("refreshToken", nullValue())
                .header("Cache-Control", "no-store");
        Cookie cookie = login.getDetailedCookie(COOKIE);
        assertNotNull(cookie, "no refresh cookie");
        assertTrue(cookie.getValue().length() >= 32, cookie.toString());
        assertTrue(cookie.isHttpOnly() && cookie.isSecured(), cookie.toString());
        assertEquals("/api/auth/refresh/cookie", cookie.getPath());
        assertEquals(30L * 24 * 3600, cookie.getMaxAge()); // the session's absolute limit
        assertTrue(login.getHeader("Set-Cookie").contains("SameSite=Strict"), login.getHeader("Set-Cookie"));
    }

    @Test
    void theCookieRefreshRotatesAndASpentCookieEndsTheSession() {
        Cookie first = cookieLogin(newUser()).getDetailedCookie(COOKIE);

        Response refreshed = sameSite().cookie(COOKIE, first.getValue()).post("/api/auth/refresh/cookie");
        refreshed.then().statusCode(200).body("accessToken", notNullValue()).body("refreshToken", nullValue());
        Cookie second = refreshed.getDetailedCookie(COOKIE);
        assertNotEquals(first.getValue(), second.getValue());
        AuthApi.as(refreshed.path("accessToken")).get("/api/auth/me").then().statusCode(200);

        sameSite().cookie(COOKIE, first.getValue()).post("/api/auth/refresh/cookie")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        // reuse of the spent token revoked the session: the rotated cookie is dead too
        sameSite().cookie(COOKIE, second.getValue()).post("/api/auth/refresh/cookie").then().statusCode(401);
    }

    @Test
    void aRefreshACrossSitePageCouldCauseIsRefused() {
        String token = cookieLogin(newUser()).getDetailedCookie(COOKIE).getValue();

        // no mode header: a form post or a simple fetch from another site
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "rag.example.test")
                .header("Origin", SITE).cookie(COOKIE, token).post("/api/auth/refresh/cookie")
                .then().statusCode(403).contentType(PROBLEM_JSON);
        // another origin, and no origin at all
        given().header(MODE, "cookie").header("Origin", "https://evil.example").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "rag.example.test").cookie(COOKIE, token).post("/api/auth/refresh/cookie")
                .then().statusCode(403).contentType(PROBLEM_JSON);
        given().header(MODE, "cookie").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "rag.example.test").cookie(COOKIE, token).post("/api/auth/refresh/cookie")
                .then().statusCode(403);
        // refused before the token was looked at: it still works from the suite's own page
        sameSite().cookie(COOKIE, token).post("/api/auth/refresh/cookie").then().statusCode(200);
        sameSite().post("/api/auth/refresh/cookie").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void anUnknownModeIsABadRequestAndLogoutDeletesTheCookie() {
        String email = newUser();
        given().contentType(ContentType.JSON).header(MODE, "session-storage")
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/auth/login")
                .then().statusCode(400).contentType(PROBLEM_JSON);

        String access = cookieLogin(email).path("accessToken");
        Response logout = AuthApi.as(access).post("/api/auth/logout");

        logout.then().statusCode(204);
        Cookie cleared = logout.getDetailedCookie(COOKIE);
        assertEquals(0, cleared.getMaxAge(), cleared.toString());
        assertEquals("/api/auth/refresh/cookie", cleared.getPath());
    }

    private static String newUser() {
        String email = randomEmail();
        register(email);
        return email;
    }

    private static Response cookieLogin(String email) {
        return given().contentType(ContentType.JSON).header(MODE, "cookie")
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/auth/login");
    }

    /** A request from the suite's own page, as it reaches auth-service through the gateway. */
    private static RequestSpecification sameSite() {
        return given().header(MODE, "cookie").header("Origin", SITE).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "rag.example.test");
    }
}
