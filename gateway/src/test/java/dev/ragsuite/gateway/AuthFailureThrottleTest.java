package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Refused credentials draw from a per-address budget: once it is spent, the address gets 429
 * before its next credential is even checked (a correct one included), other addresses are
 * untouched, and a request without any credential never counts.
 */
@QuarkusTest
@TestProfile(AuthFailureThrottleTest.Profile.class)
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class AuthFailureThrottleTest {

    /** Three refused credentials per address, refilled one a day (so the count is not blurred). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rag.gateway.rate-limit.classes.auth-failures.limit", "1000",
                    "rag.gateway.rate-limit.classes.auth-failures.period", "P1000D",
                    "rag.gateway.rate-limit.classes.auth-failures.burst", "3");
        }
    }

    @Test
    void anAddressThatKeepsPresentingBadCredentialsIsStoppedBeforeTheyAreChecked() {
        String ip = RateLimitTest.freshIp();
        String valid = TestJwt.user("user-" + UUID.randomUUID());
        given().header("X-Forwarded-For", ip).auth().oauth2(TestJwt.forged("u1")).get("/api/conversations")
                .then().statusCode(401);
        given().header("X-Forwarded-For", ip).auth().oauth2("not-a-jwt").get("/api/conversations")
                .then().statusCode(401);
        // a correct token still passes while the budget lasts: only refusals draw from it
        given().header("X-Forwarded-For", ip).auth().oauth2(valid).get("/api/conversations").then().statusCode(200);
        // the third refusal spends the budget
        given().header("X-Forwarded-For", ip).header("X-API-Key", "rk_" + "x".repeat(40)).get("/api/conversations")
                .then().statusCode(401);

        given().header("X-Forwarded-For", ip).auth().oauth2(TestJwt.forged("u1")).get("/api/conversations")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", is("urn:rag-suite:problem:rate-limited"))
                .body("detail", containsString("refused credentials"))
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1));
        // from now on even a correct credential from that address waits: a guess that would have
        // been right cannot be told apart
        given().header("X-Forwarded-For", ip).auth().oauth2(valid).get("/api/conversations").then().statusCode(429);

        // another address is untouched
        given().header("X-Forwarded-For", RateLimitTest.freshIp()).auth().oauth2(valid).get("/api/conversations")
                .then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher throttled = Pattern.compile("rag_gateway_rejected_total\\{reason=\"auth_failures\"} ([0-9.]+)").matcher(metrics);
        assertTrue(throttled.find() && Double.parseDouble(throttled.group(1)) >= 2, "throttled requests counted by reason");
    }

    @Test
    void requestsWithoutAnyCredentialDoNotCount() {
        String ip = RateLimitTest.freshIp();
        for (int i = 0; i < 5; i++) {
            given().header("X-Forwarded-For", ip).get("/api/conversations").then().statusCode(401);
        }
        given().header("X-Forwarded-For", ip).auth().oauth2(TestJwt.user("user-" + UUID.randomUUID()))
                .get("/api/conversations").then().statusCode(200);
    }
}
