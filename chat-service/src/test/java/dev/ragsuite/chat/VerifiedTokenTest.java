package dev.ragsuite.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A service keeps the tokens it has verified (common's VerifiedTokens, CachedTokenIdentityProvider): the
 * same token again is taken from the cache, yet a revoked session is refused on its very next request,
 * and a token that only looks like a cached one (same claims, another signature) is verified and refused.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class VerifiedTokenTest {

    @Inject
    RevokedSessions revokedSessions;

    @Test
    void aCachedTokenIsStillRevokedAtOnceAndAForgedTwinIsRefused() {
        String user = "user-" + UUID.randomUUID();
        String sid = UUID.randomUUID().toString();
        String token = TestJwt.token(user, sid, Set.of("user"));
        double cachedBefore = count("cached");
        double verifiedBefore = count("verified");

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/api/conversations").then().statusCode(200);
        }

        assertTrue(count("verified") - verifiedBefore >= 1, () -> "verified once: " + tokenMetrics());
        assertTrue(count("cached") - cachedBefore >= 2, "then taken from the cache");

        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(otherSignature).get("/api/conversations").then().statusCode(401);

        revokedSessions.revoke(sid, Duration.ofMinutes(1)).await().atMost(Duration.ofSeconds(5));
        given().auth().oauth2(token).get("/api/conversations").then().statusCode(401)
                .contentType("application/problem+json").body("detail", is("This session has been revoked."));
    }

    private static String tokenMetrics() {
        return given().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.contains("security") || line.contains("token")).toList().toString();
    }

    private static double count(String verification) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("rag_security_tokens_total\\{[^}]*verification=\"" + verification + "\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
