package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** With the limiter's Redis hanging, limits still hold (per instance), fast, and the mode is visible. */
@QuarkusTest
@TestProfile(RedisDownTest.Profile.class)
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class RedisDownTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentRedis.class));
        }
    }

    @Test
    void theFallbackStillLimitsAnswersQuicklyAndSaysSoInMetrics() {
        String ip = RateLimitTest.freshIp();
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            RateLimitTest.login(ip).then().statusCode(200).header("RateLimit-Remaining", Integer.toString(3 - i));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1500, "answered in " + millis + " ms although Redis hangs");
        }
        RateLimitTest.login(ip).then().statusCode(429).header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rag_gateway_ratelimit_local_mode 1.0"), "fallback mode visible");
        Matcher local = Pattern.compile("rag_gateway_ratelimit_local_decisions_total ([0-9.]+)").matcher(metrics);
        assertTrue(local.find() && Double.parseDouble(local.group(1)) >= 5, "every decision counted as local");
        assertTrue(metrics.contains("rag_gateway_rejected_total{reason=\"rate_limited\"}"));
    }

    @Test
    void dailyQuotasFallBackToo() {
        String token = dev.ragsuite.testing.TestJwt.user("user-" + java.util.UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).contentType("application/json").body("{}").post("/api/chat").then().statusCode(200);
        }
        given().auth().oauth2(token).contentType("application/json").body("{}").post("/api/chat").then().statusCode(429)
                .body("type", org.hamcrest.Matchers.is("urn:rag-suite:problem:daily-quota-exceeded"));
    }
}
