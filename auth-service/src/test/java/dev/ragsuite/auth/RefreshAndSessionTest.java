package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.as;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.refresh;
import static dev.ragsuite.auth.AuthApi.register;
import static dev.ragsuite.auth.AuthApi.sid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.repository.SessionRepository;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation and theft detection, session expiry, and managing one's sessions. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RefreshAndSessionTest {

    @Inject
    RedisDataSource redis;

    @Inject
    SessionRepository sessions;

    @Test
    void refreshRotatesBothTokensWithinTheSameSession() {
        String email = randomEmail();
        register(email);
        JsonPath first = loginTokens(email, PASSWORD);
        String refreshToken = first.getString("refreshToken");
        // 32 random bytes, base64url: 43 characters
        assertTrue(refreshToken.matches("[A-Za-z0-9_-]{43}"), refreshToken);

        JsonPath second = refresh(refreshToken).then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("accessToken", notNullValue())
                .extract().jsonPath();
        assertNotEquals(refreshToken, second.getString("refreshToken"));
        assertEquals(sid(first.getString("accessToken")), sid(second.getString("accessToken")));
        as(second.getString("accessToken")).get("/api/auth/me").then().statusCode(200).body("email", equalTo(email));

        // the rotated one works once more
        refresh(second.getString("refreshToken")).then().statusCode(200);
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeSession() {
        String email = randomEmail();
        String userId = register(email);
        JsonPath login = loginTokens(email, PASSWORD);
        String spent = login.getString("refreshToken");
        JsonPath rotated = refresh(spent).then().statusCode(200).extract().jsonPath();
        String sid = sid(rotated.getString("accessToken"));

        // the thief (or the victim) presents the spent token again
        refresh(spent).then().statusCode(401).contentType(PROBLEM_JSON)
                .body("detail", equalTo("The refresh token is not valid; log in again."));

        assertTrue(redis.key().exists("rag:auth:revoked:" + sid), "session denylisted");
        as(rotated.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
        as(login.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
        // the newest refresh token of the family is dead too
        refresh(rotated.getString("refreshToken")).then().statusCode(401);

        String admin = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        as(admin).queryParam("userId", userId).queryParam("type", "refresh_reuse_detected")
                .get("/api/admin/audit").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].sessionId", equalTo(sid))
                .body("items[0].userId", equalTo(userId));
    }

    @Test
    void unknownOrMalformedRefreshTokensAreUnauthorized() {
        refresh("x".repeat(43)).then().statusCode(401).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "")).post("/api/auth/refresh")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).body("{}").post("/api/auth/refresh")
                .then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void refreshAfterTheIdleLimitIsUnauthorized() throws Throwable {
        String email = randomEmail();
        register(email);
        JsonPath login = loginTokens(email, PASSWORD);
        UUID sid = UUID.fromString(sid(login.getString("accessToken")));
        Instant eightDaysAgo = Instant.now().minus(Duration.ofDays(8));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> sessions.update("lastUsedAt = ?1, createdAt = ?1 where id = ?2", eightDaysAgo, sid)));

        refresh(login.getString("refreshToken")).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void refreshAfterTheAbsoluteLimitIsUnauthorized() throws Throwable {
        String email = randomEmail();
        register(email);
        JsonPath login = loginTokens(email, PASSWORD);
        UUID sid = UUID.fromString(sid(login.getString("accessToken")));
        // used a minute ago, but opened 31 days ago: past the 30-day absolute limit
        Instant opened = Instant.now().minus(Duration.ofDays(31));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> sessions.update(
                "createdAt = ?1, expiresAt = ?2, lastUsedAt = ?3 where id = ?4",
                opened, opened.plus(Duration.ofDays(30)), Instant.now().minusSeconds(60), sid)));

        refresh(login.getString("refreshToken")).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void sessionsListShowsDeviceAddressAndWhichIsCurrent() {
        String email = randomEmail();
        register(email);
        JsonPath laptop = AuthApi.loginFrom("10.1.1.1", email, PASSWORD).then().statusCode(200).extract().jsonPath();
        String phoneToken = given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", "10.2.2.2").header("User-Agent", "PhoneApp/1.0")
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
        String laptopSid = sid(laptop.getString("accessToken"));
        String phoneSid = sid(phoneToken);

        as(phoneToken).get("/api/auth/sessions").then().statusCode(200)
                .body("", hasSize(2))
                .body("id", containsInAnyOrder(laptopSid, phoneSid))
                .body("find { it.id == '" + phoneSid + "' }.current", equalTo(true))
                .body("find { it.id == '" + phoneSid + "' }.userAgent", equalTo("PhoneApp/1.0"))
                .body("find { it.id == '" + phoneSid + "' }.ip", equalTo("10.2.2.2"))
                .body("find { it.id == '" + laptopSid + "' }.current", equalTo(false))
                .body("find { it.id == '" + laptopSid + "' }.ip", equalTo("10.1.1.1"))
                .body("find { it.id == '" + laptopSid + "' }.createdAt", notNullValue())
                .body("find { it.id == '" + laptopSid + "' }.lastUsedAt", notNullValue());
    }

    @Test
    void endingOneSessionStopsItsTokensAndRefreshAtOnce() {
        String email = randomEmail();
        register(email);
        JsonPath a = loginTokens(email, PASSWORD);
        JsonPath b = loginTokens(email, PASSWORD);
        String sidB = sid(b.getString("accessToken"));

        as(a.getString("accessToken")).delete("/api/auth/sessions/" + sidB).then().statusCode(204);

        assertTrue(redis.key().exists("rag:auth:revoked:" + sidB));
        as(b.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
        refresh(b.getString("refreshToken")).then().statusCode(401);
        as(a.getString("accessToken")).get("/api/auth/me").then().statusCode(200);
        as(a.getString("accessToken")).get("/api/auth/sessions").then().statusCode(200)
                .body("id", containsInAnyOrder(sid(a.getString("accessToken"))));
    }

    @Test
    void someoneElsesSessionIsNotFound() {
        String alice = randomEmail();
        String bob = randomEmail();
        register(alice);
        register(bob);
        String aliceToken = loginTokens(alice, PASSWORD).getString("accessToken");
        String bobToken = loginTokens(bob, PASSWORD).getString("accessToken");

        as(aliceToken).delete("/api/auth/sessions/" + sid(bobToken)).then().statusCode(404).contentType(PROBLEM_JSON);
        as(aliceToken).delete("/api/auth/sessions/" + UUID.randomUUID()).then().statusCode(404);
        as(aliceToken).delete("/api/auth/sessions/not-a-uuid").then().statusCode(404);
        as(bobToken).get("/api/auth/me").then().statusCode(200);
        assertFalse(redis.key().exists("rag:auth:revoked:" + sid(bobToken)));
    }

    @Test
    void logOutEverywhereEndsEverySessionIncludingThisOne() {
        String email = randomEmail();
        register(email);
        JsonPath a = loginTokens(email, PASSWORD);
        JsonPath b = loginTokens(email, PASSWORD);
        JsonPath c = loginTokens(email, PASSWORD);

        as(a.getString("accessToken")).delete("/api/auth/sessions").then().statusCode(204);

        for (JsonPath tokens : new JsonPath[] { a, b, c }) {
            as(tokens.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
            refresh(tokens.getString("refreshToken")).then().statusCode(401);
            assertTrue(redis.key().exists("rag:auth:revoked:" + sid(tokens.getString("accessToken"))));
        }
    }

    @Test
    void logOutEverywhereElseKeepsThisSession() {
        String email = randomEmail();
        register(email);
        JsonPath a = loginTokens(email, PASSWORD);
        JsonPath b = loginTokens(email, PASSWORD);

        as(a.getString("accessToken")).queryParam("keepCurrent", true).delete("/api/auth/sessions").then().statusCode(204);

        as(a.getString("accessToken")).get("/api/auth/me").then().statusCode(200);
        as(b.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void sessionEndpointsNeedAToken() {
        given().get("/api/auth/sessions").then().statusCode(401).contentType(PROBLEM_JSON);
        given().delete("/api/auth/sessions").then().statusCode(401).contentType(PROBLEM_JSON);
        given().delete("/api/auth/sessions/" + UUID.randomUUID()).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void loggingInBeyondFiftySessionsEndsTheOldest() {
        String email = randomEmail();
        register(email);
        JsonPath oldest = loginTokens(email, PASSWORD);
        JsonPath newest = null;
        for (int i = 0; i < 50; i++) {
            newest = loginTokens(email, PASSWORD);
        }

        as(oldest.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
        refresh(oldest.getString("refreshToken")).then().statusCode(401);
        assertTrue(redis.key().exists("rag:auth:revoked:" + sid(oldest.getString("accessToken"))));
        as(newest.getString("accessToken")).get("/api/auth/sessions").then().statusCode(200).body("", hasSize(50));
    }
}
