package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.count;
import static dev.ragsuite.auth.AuthApi.loginFrom;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.randomIp;
import static dev.ragsuite.auth.AuthApi.register;
import static dev.ragsuite.auth.AuthApi.statuses;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.AllAtOnce;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Brute force against logins, counted in Redis: per account and client address (5 failures lock
 * that address out of that account), per client address across accounts (20), and per account
 * across addresses (10, then one password check per 5 s: a brake, never a lock-out of the owner).
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class LoginThrottleTest {

    private static final String THROTTLED = "Too many failed logins; try again later.";

    @Test
    void fiveFailuresFromOneAddressLockThatAddressOutOfTheAccountEvenForTheRightPassword() {
        String email = randomEmail();
        String userId = register(email);
        String attacker = randomIp();
        for (int i = 0; i < 5; i++) {
            loginFrom(attacker, email, "wrong password " + i).then().statusCode(401)
                    .body("detail", equalTo("Invalid email or password."));
        }

        Response locked = loginFrom(attacker, email, PASSWORD);
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
    void guessesFromAnotherAddressDoNotLockTheOwnerOut() {
        // the first admin's address is predictable: whoever guesses at it must not lock its owner out
        String email = randomEmail();
        register(email);
        String attacker = randomIp();
        for (int i = 0; i < 5; i++) {
            loginFrom(attacker, email, "wrong password " + i).then().statusCode(401);
        }
        loginFrom(attacker, email, PASSWORD).then().statusCode(429);

        loginFrom(randomIp(), email, PASSWORD).then().statusCode(200);
    }

    @Test
    void manyAttackingAddressesOnlySlowTheAccountDown() throws InterruptedException {
        String email = randomEmail();
        register(email);
        for (int i = 0; i < 10; i++) {
            loginFrom(randomIp(), email, "wrong password " + i).then().statusCode(401);
        }
        // the account is braked now: one password check per 5 s, from any address
        loginFrom(randomIp(), email, "the paced guess").then().statusCode(401);
        Response paced = loginFrom(randomIp(), email, "one guess too fast");
        paced.then().statusCode(429).contentType(PROBLEM_JSON).body("detail", equalTo(THROTTLED));
        long retryAfter = Long.parseLong(paced.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "the brake's pace, Retry-After=" + retryAfter);

        // the owner, from a clean address, gets in once the pace allows: slowed, not refused
        String owner = randomIp();
        Response first = loginFrom(owner, email, PASSWORD);
        if (first.statusCode() == 429) {
            Thread.sleep(Long.parseLong(first.header("Retry-After")) * 1000);
            loginFrom(owner, email, PASSWORD).then().statusCode(200);
        } else {
            first.then().statusCode(200);
        }
    }

    @Test
    void concurrentWrongPasswordsFromOneAddressGetNoMoreThanFiveChecks() {
        String email = randomEmail();
        register(email);
        String attacker = randomIp();

        List<Integer> statuses = statuses(AllAtOnce.run(20, i -> loginFrom(attacker, email, "parallel guess " + i)));

        assertEquals(5, count(statuses, 401), "password checks (401) among " + statuses);
        assertEquals(15, count(statuses, 429), "refused unchecked (429) among " + statuses);
    }

    @Test
    void concurrentWrongPasswordsFromManyAddressesGetNoMoreThanTheBrakeAllows() {
        String email = randomEmail();
        register(email);
        List<String> addresses = IntStream.range(0, 20).mapToObj(i -> randomIp()).toList();

        List<Integer> statuses = statuses(AllAtOnce.run(20, i -> loginFrom(addresses.get(i), email, "parallel guess " + i)));

        // 10 failures per account, then one paced check (5 s apart: the whole burst fits in one)
        long checked = count(statuses, 401);
        assertTrue(checked <= 11, "at most 10 + 1 password checks, got " + checked + " in " + statuses);
        assertEquals(20, checked + count(statuses, 429), "every other attempt refused unchecked: " + statuses);
    }

    @Test
    void lockedExistingAndUnknownAccountsGetTheSameAnswer() {
        String existing = randomEmail();
        register(existing);
        String unknown = randomEmail();
        String attacker = randomIp();
        for (int i = 0; i < 5; i++) {
            loginFrom(attacker, existing, "wrong password " + i).then().statusCode(401);
            loginFrom(attacker, unknown, "wrong password " + i).then().statusCode(401);
        }

        String fromExisting = loginFrom(attacker, existing, PASSWORD).then().statusCode(429).extract().asString();
        String fromUnknown = loginFrom(attacker, unknown, PASSWORD).then().statusCode(429).extract().asString();
        assertEquals(fromExisting, fromUnknown);
    }

    @Test
    void aSuccessfulLoginResetsTheCountOfItsAddress() {
        String email = randomEmail();
        register(email);
        String ip = randomIp();
        for (int i = 0; i < 4; i++) {
            loginFrom(ip, email, "wrong password " + i).then().statusCode(401);
        }
        loginFrom(ip, email, PASSWORD).then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            loginFrom(ip, email, "wrong again " + i).then().statusCode(401);
        }
        loginFrom(ip, email, PASSWORD).then().statusCode(200);
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
        String thief = randomIp();
        for (int i = 0; i < 5; i++) {
            changePassword(token, thief, "guess number " + i).then().statusCode(400);
        }
        changePassword(token, thief, PASSWORD).then().statusCode(429).contentType(PROBLEM_JSON)
                .body("detail", equalTo(THROTTLED));
        loginFrom(thief, email, PASSWORD).then().statusCode(429);
        // the owner's own address is not locked out
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(200);
    }

    private static Response changePassword(String token, String ip, String current) {
        return AuthApi.as(token).header("X-Forwarded-For", ip).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("currentPassword", current, "newPassword", "a new and rare secret"))
                .post("/api/auth/password");
    }
}
