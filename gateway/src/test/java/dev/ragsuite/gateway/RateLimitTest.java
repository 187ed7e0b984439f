package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.gateway.ratelimit.Decision;
import dev.ragsuite.gateway.ratelimit.RateLimiter;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Rate limits in Redis: headers, 429 + Retry-After, separate budgets per class, keyed by user or IP. */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class RateLimitTest {

    @Inject
    RateLimiter limiter;

    /** A fresh client address (the test peer is a trusted proxy here, so X-Forwarded-For counts). */
    static String freshIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** A login attempt from this client address (the stand-in answers 200; class auth: 4 a minute). */
    static Response login(String ip) {
        return given().header("X-Forwarded-For", ip).contentType("application/json").body("{}").post("/api/auth/login");
    }

    /** Spends the client's whole login budget: four logins, each let through. */
    private static void spendLoginBudget(String ip) {
        for (int i = 0; i < 4; i++) {
            login(ip).then().statusCode(200);
        }
    }

    @Test
    void everyLimitedAnswerCarriesRateLimitHeadersAndTheBudgetRunsDown() {
        String ip = freshIp();
        for (int i = 0; i < 4; i++) {
            login(ip).then().statusCode(200)
                    .header("RateLimit-Limit", "4")
                    .header("RateLimit-Remaining", Integer.toString(3 - i))
                    .header("RateLimit-Reset", Integer::parseInt, greaterThanOrEqualTo(1));
        }
    }

    @Test
    void overBudgetIsA429ProblemWithRetryAfter() {
        String ip = freshIp();
        spendLoginBudget(ip);
        login(ip).then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", is("urn:rag-suite:problem:rate-limited"))
                .body("status", is(429))
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1))
                .header("RateLimit-Remaining", "0")
                .header("X-Content-Type-Options", "nosniff")
                .header("Permissions-Policy", containsString("camera=()"));
        // one request every 15 s refills a login budget of 4 per minute
        int retry = Integer.parseInt(login(ip).getHeader("Retry-After"));
        assertTrue(retry >= 1 && retry <= 15, "Retry-After " + retry);
    }

    @Test
    void budgetsAreSeparatePerRouteClass() {
        String ip = freshIp();
        spendLoginBudget(ip);
        login(ip).then().statusCode(429);
        // the same client still has its default-class budget (JWKS is on the auth route, class default)
        given().header("X-Forwarded-For", ip).get("/api/auth/jwks").then().statusCode(200)
                .header("RateLimit-Limit", "1000");
    }

    @Test
    void anonymousRequestsAreKeyedByClientIpAndSignedInOnesByUser() {
        String ip = freshIp();
        spendLoginBudget(ip);
        login(ip).then().statusCode(429);
        login(freshIp()).then().statusCode(200).header("RateLimit-Remaining", "3");

        // a signed-in user's budget follows the user, whatever address they come from
        String token = TestJwt.user("user-" + UUID.randomUUID());
        int first = Integer.parseInt(given().auth().oauth2(token).header("X-Forwarded-For", freshIp())
                .get("/api/conversations").then().statusCode(200).extract().header("RateLimit-Remaining"));
        int second = Integer.parseInt(given().auth().oauth2(token).header("X-Forwarded-For", freshIp())
                .get("/api/conversations").then().statusCode(200).extract().header("RateLimit-Remaining"));
        assertEquals(first - 1, second);
    }

    @Test
    void rejectionsAreCountedByReason() {
        String ip = freshIp();
        for (int i = 0; i < 5; i++) {
            login(ip);
        }
        given().get("/api/conversations").then().statusCode(401);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rag_gateway_rejected_total{reason=\"rate_limited\"}"), metrics);
        assertTrue(metrics.contains("rag_gateway_rejected_total{reason=\"unauthorized\"}"), metrics);
        assertTrue(metrics.contains("rag_gateway_ratelimit_local_mode 0.0"), "Redis is up: shared mode");
    }

    @Test
    void severalBudgetsAreDecidedInOneStepAndARefusalDrawsNothing() {
        String ip = "ip:" + freshIp();
        String user = "u:user-" + UUID.randomUUID();
        spendLoginBudget(ip.substring(3));
        Duration wait = Duration.ofSeconds(5);

        List<Decision> refused = limiter.checkAll(List.of(RateLimiter.Check.peek("login", ip),
                RateLimiter.Check.draw("default", user))).await().atMost(wait);

        assertFalse(refused.get(0).allowed(), "the login budget of that address is spent");
        assertTrue(refused.get(0).retryAfterSeconds() >= 1);
        Decision untouched = limiter.peek("default", user).await().atMost(wait);
        Decision fresh = limiter.peek("default", "u:user-" + UUID.randomUUID()).await().atMost(wait);
        assertEquals(fresh.remaining(), untouched.remaining(), "nothing drawn from the user's budget");

        String otherIp = "ip:" + freshIp();
        List<Decision> allowed = limiter.checkAll(List.of(RateLimiter.Check.peek("login", otherIp),
                RateLimiter.Check.draw("default", user))).await().atMost(wait);

        assertTrue(allowed.get(0).allowed() && allowed.get(1).allowed());
        assertEquals(untouched.remaining() - 1, limiter.peek("default", user).await().atMost(wait).remaining(),
                "one drawn from the user's budget");
        assertEquals(allowed.get(0).remaining(), limiter.peek("login", otherIp).await().atMost(wait).remaining(),
                "a peek draws nothing");
    }
}
