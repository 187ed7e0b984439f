package dev.ragsuite.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without Redis nothing is let through unchecked, and the answer is a 503 problem, not a 500. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@TestProfile(RedisDownTest.NoRedis.class)
class RedisDownTest {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // nothing listens on port 1
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void loginFailsClosedWithServiceUnavailable() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.ADMIN_EMAIL, "password", AuthApi.ADMIN_PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
    }

    @Test
    void tokensCannotBeCheckedAgainstTheDenylistSoTheyAreRefused() {
        given().auth().oauth2(TestJwt.user(UUID.randomUUID().toString()))
                .get("/api/auth/me")
                .then().statusCode(503).contentType("application/problem+json");
    }
}
