package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.gateway.config.GatewayConfig;
import dev.ragsuite.gateway.ratelimit.Decision;
import dev.ragsuite.gateway.ratelimit.LimiterMode;
import dev.ragsuite.gateway.ratelimit.RateLimiter;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
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

    @Inject
    @RedisClientName("ratelimit")
    ReactiveRedisDataSource redis;

    @Inject
    LimiterMode mode;

    @Inject
    GatewayConfig config;

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

    /**
     * The default class here is 1,000 requests with no refill to speak of, so each replica leases 10 at a
     * time (1% of the burst): two replicas drawing from one caller's budget by turns let through exactly
     * the budget between them — every request they allowed was drawn in Redis — and then both refuse.
     */
    @Test
    void twoReplicasLeasingALargeBudgetNeverAllowMoreThanIt() {
        RateLimiter other = new RateLimiter(redis, mode, config);
        String caller = "ip:" + freshIp();
        Duration wait = Duration.ofSeconds(5);
        int allowed = 0;
        int refusedInARow = 0;
        for (int i = 0; refusedInARow < 2 && i < 1_200; i++) {
            Decision d = (i % 2 == 0 ? limiter : other).check("default", caller).await().atMost(wait);
            if (d.allowed()) {
                allowed++;
                refusedInARow = 0;
            } else {
                refusedInARow++;
                assertTrue(d.retryAfterSeconds() >= 1);
            }
        }
        assertEquals(1_000, allowed, "both replicas together allow the budget, no more and (spent within the lease's 1 s) no less");
        assertFalse(limiter.peek("default", caller).await().atMost(wait).allowed(), "the shared budget is spent");
    }

    @Test
    void aLeaseIsOneDrawInRedisAndItsRemainderIsDroppedAfterItsTtl() throws InterruptedException {
        String caller = "ip:" + freshIp();
        Duration wait = Duration.ofSeconds(5);

        Decision first = limiter.check("default", caller).await().atMost(wait);
        assertTrue(first.allowed());
        assertEquals(999, first.remaining(), "the caller's own count: the shared budget plus what this replica holds");
        assertEquals(990, limiter.peek("default", caller).await().atMost(wait).remaining() + 1,
                "one draw of 10 in Redis (a peek reports what would remain after one more)");
        for (int i = 2; i <= 10; i++) {
            Decision leased = limiter.leased("default", caller);
            assertTrue(leased != null && leased.allowed(), "request " + i + " comes from the lease");
            assertEquals(1_000 - i, leased.remaining());
        }
        assertEquals(null, limiter.leased("default", caller), "the lease is spent");
        assertEquals(990, limiter.peek("default", caller).await().atMost(wait).remaining() + 1, "and Redis was not asked");

        limiter.check("default", caller).await().atMost(wait);
        Thread.sleep(1_100); // the lease's ttl (1 s): the 9 held are dropped, never spent
        assertEquals(null, limiter.leased("default", caller));
        Decision again = limiter.check("default", caller).await().atMost(wait);
        assertEquals(1_000 - 30 + 9, again.remaining(), "a third block of 10 drawn; the 9 dropped are gone from the budget");
    }

    @Test
    void smallBudgetsAreDecidedInRedisOnEveryRequest() {
        String ip = freshIp();
        login(ip).then().statusCode(200).header("RateLimit-Remaining", "3");
        assertEquals(null, limiter.leased("login", "ip:" + ip), "a burst of 4 is never leased");
        assertEquals(3, limiter.peek("login", "ip:" + ip).await().atMost(Duration.ofSeconds(5)).remaining() + 1);
    }

    /**
     * A budget far above the load (1,000,000,000 a minute: one request every 60 ns) is still decided in
     * Redis: its interval once went to the script rounded to 0.000 ms, whose zero expiry Redis refused, and
     * every check then fell back to per-instance limits.
     */
    @Test
    void aBudgetFarAboveTheLoadIsStillSharedThroughRedis() {
        String caller = "ip:" + freshIp();
        Duration wait = Duration.ofSeconds(5);
        for (int i = 1; i <= 150; i++) {
            Decision d = limiter.check("unlimited", caller).await().atMost(wait);
            assertTrue(d.allowed() && !d.local(), "request " + i + " decided through Redis");
            // it refills 100 requests in 6 µs, so a later block finds it (nearly) full again
            assertTrue(d.remaining() >= 1_000_000_000 - i && d.remaining() < 1_000_000_000, "request " + i + ": " + d.remaining());
        }
        assertFalse(mode.isLocal());
        assertTrue(limiter.peek("unlimited", caller).await().atMost(wait).allowed());
    }
}
