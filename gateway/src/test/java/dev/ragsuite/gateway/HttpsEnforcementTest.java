package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

/** Behind a TLS-terminating proxy (127.0.0.1 is trusted here) with enforcement on. */
@QuarkusTest
@TestProfile(StrictEdgeProfile.class)
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class HttpsEnforcementTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    @Test
    void plainHttpGetsAPermanentRedirectToHttps() {
        given().config(NO_REDIRECTS).header("Host", "rag.example.com:8080").header("X-Forwarded-Proto", "http")
                .get("/api/auth/jwks?x=1").then()
                .statusCode(308)
                .header("Location", "https://rag.example.com/api/auth/jwks?x=1")
                .header("Strict-Transport-Security", nullValue());
    }

    @Test
    void plainHttpWritesAreRefusedNotRedirected() {
        given().config(NO_REDIRECTS).header("X-Forwarded-Proto", "http").contentType("application/json").body("{}")
                .post("/api/auth/login").then()
                .statusCode(403).contentType("application/problem+json").body("detail", containsString("HTTPS"));
    }

    @Test
    void httpsPassesWithHsts() {
        given().header("Host", "api.rag.example.org").header("X-Forwarded-Proto", "https").get("/api/auth/jwks").then()
                .statusCode(200)
                .header("Strict-Transport-Security", containsString("max-age=31536000"));
    }

    @Test
    void probesAreNeitherRedirectedNorHostChecked() {
        given().config(NO_REDIRECTS).header("Host", "10.1.2.3:8080").header("X-Forwarded-Proto", "http")
                .get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aHostOutsideTheListIsRefusedBeforeAnyRedirect() {
        given().config(NO_REDIRECTS).header("Host", "evil.example").header("X-Forwarded-Proto", "http")
                .get("/api/auth/jwks").then().statusCode(400).header("Location", nullValue());
    }
}
