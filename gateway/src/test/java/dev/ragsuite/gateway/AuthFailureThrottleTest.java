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
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Refused credentials draw from a per-address budget: once it is spent, the address gets the same
 * 429 whatever credential it sends next (a correct one included), other addresses are untouched,
 * and a request without any credential never counts.
 */
@QuarkusTest
@TestProfile(StrictEdgeProfile.class)
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class AuthFailureThrottleTest {

    /** A request from this client address through the trusted proxy, over HTTPS (the profile enforces it). */
    private static RequestSpecification from(String ip) {
        return given().header("X-Forwarded-For", ip).header("X-Forwarded-Proto", "https");
    }

    @Test
    void anAddressThatKeepsPresentingBadCredentialsIsStoppedBeforeTheyAreChecked() {
        String ip = RateLimitTest.freshIp();
        String valid = TestJwt.user("user-" + UUID.randomUUID());
        from(ip).auth().oauth2(TestJwt.forged("u1")).get("/api/conversations")
                .then().statusCode(401);
        from(ip).auth().oauth2("not-a-jwt").get("/api/conversations")
                .then().statusCode(401);
        // a correct token still passes while the budget lasts: only refusals draw from it
        from(ip).auth().oauth2(valid).get("/api/conversations").then().statusCode(200);
        // the third refusal spends the budget
        from(ip).header("X-API-Key", "rk_" + "x".repeat(40)).get("/api/conversations")
                .then().statusCode(401);

        from(ip).auth().oauth2(TestJwt.forged("u1")).get("/api/conversations")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", is("urn:rag-suite:problem:rate-limited"))
                .body("detail", containsString("refused credentials"))
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1));
        // from now on even a correct credential from that address waits: a guess that would have
        // been right cannot be told apart
        from(ip).auth().oauth2(valid).get("/api/conversations").then().statusCode(429);

        // another address is untouched
        from(RateLimitTest.freshIp()).auth().oauth2(valid).get("/api/conversations")
                .then().statusCode(200);

        String metrics = given().header("X-Forwarded-Proto", "https").get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher throttled = Pattern.compile("rag_gateway_rejected_total\\{reason=\"auth_failures\"} ([0-9.]+)").matcher(metrics);
        assertTrue(throttled.find() && Double.parseDouble(throttled.group(1)) >= 2, "throttled requests counted by reason");
    }

    @Test
    void requestsWithoutAnyCredentialDoNotCount() {
        String ip = RateLimitTest.freshIp();
        for (int i = 0; i < 5; i++) {
            from(ip).get("/api/conversations").then().statusCode(401);
        }
        from(ip).auth().oauth2(TestJwt.user("user-" + UUID.randomUUID()))
                .get("/api/conversations").then().statusCode(200);
    }
}
