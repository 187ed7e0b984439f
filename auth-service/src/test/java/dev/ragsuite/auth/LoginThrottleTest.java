package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.loginFrom;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.randomIp;
import static dev.ragsuite.auth.AuthApi.register;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Brute force against logins: counted per account (across client addresses) and per client
 * address (across accounts) in Redis. Defaults: 5 failures per account, 20 per address, in 15 min.
 */
@QuarkusTest
@QuarkusTestResource(RagTestEnvironment.class)
class LoginThrottleTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String THROTTLED = "Too many failed logins; try again later.";

    @Test
    void fiveFailuresFromSeveralAddressesLockTheAccountEvenForTheRightPassword() {
        String email = randomEmail();
        String userId = register(email);
        for (int i = 0; i < 5; i++) {
            loginFrom(randomIp(), email, "wrong password " + i).then().statusCode(401)
                    .body("detail", equalTo("Invalid email or password."));
        }

        Response locked = loginFrom(randomIp(), email, PASSWORD);
        locked.then().statusCode(429).contentType(PROBLEM_JSON)
                .body("status", equalTo(429))
                .body("detail", equalTo(THROTTLED));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "first lock-out lasts the 1-minute base, Retry-After=" + retryAfter);

        String admin = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        AuthApi.as(admin).queryParam("userId", userId).queryParam("type", "login_failed")
                .get("/api/admin/audit").then().statusCode(200).body("total", equalTo(5));
        AuthApi.as(admin).queryParam("type", "login_throttled").queryParam("size", 5)
                .get("/api/admin/audit").then().statusCode(200)
                .body("items[0].type", equalTo("login_throttled"));
    }

    @Test
    void lockedExistingAndUnknownAccountsGetTheSameAnswer() {
        String existing = randomEmail();
        register(existing);
        String unknown = randomEmail();
        for (int i = 0; i < 5; i++) {
            loginFrom(randomIp(), existing, "wrong password " + i).then().statusCode(401);
            loginFrom(randomIp(), unknown, "wrong password " + i).then().statusCode(401);
        }

        String fromExisting = loginFrom(randomIp(), existing, PASSWORD).then().statusCode(429).extract().asString();
        String fromUnknown = loginFrom(randomIp(), unknown, PASSWORD).then().statusCode(429).extract().asString();
        assertEquals(fromExisting, fromUnknown);
    }

    @Test
    void aSuccessfulLoginResetsTheAccountCount() {
        String email = randomEmail();
        register(email);
        for (int i = 0; i < 4; i++) {
            loginFrom(randomIp(), email, "wrong password " + i).then().statusCode(401);
        }
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            loginFrom(randomIp(), email, "wrong again " + i).then().statusCode(401);
        }
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(200);
    }

    @Test
    void twentyFailuresFromOneAddressLockThatAddressForEveryAccount() {
        String attacker = randomIp();
        String victim = randomEmail();
        register(victim);
        for (int i = 0; i < 20; i++) {
            // a different account each time, so no account lock gets in the way
            loginFrom(attacker, randomEmail(), "guess " + i).then().statusCode(401);
        }

        Response locked = loginFrom(attacker, victim, PASSWORD);
        locked.then().statusCode(429).contentType(PROBLEM_JSON).body("detail", equalTo(THROTTLED));
        assertTrue(Long.parseLong(locked.header("Retry-After")) >= 1);
        // the account itself is fine from anywhere else
        loginFrom(randomIp(), victim, PASSWORD).then().statusCode(200);
    }

    @Test
    void guessingTheCurrentPasswordWithAStolenTokenIsThrottledToo() {
        String email = randomEmail();
        register(email);
        String token = AuthApi.loginTokens(email, PASSWORD).getString("accessToken");
        for (int i = 0; i < 5; i++) {
            changePassword(token, "guess number " + i).then().statusCode(400);
        }
        changePassword(token, PASSWORD).then().statusCode(429).contentType(PROBLEM_JSON)
                .body("detail", equalTo(THROTTLED));
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(429);
    }

    private static Response changePassword(String token, String current) {
        return AuthApi.as(token).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("currentPassword", current, "newPassword", "a new and rare secret"))
                .post("/api/auth/password");
    }
}
