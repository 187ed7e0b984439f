package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Security headers on every kind of answer, CORS preflight, the host allow-list, the client IP upstream. */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class EdgeHeadersTest {

    static void hasSecurityHeaders(ValidatableResponse response) {
        response.header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Permissions-Policy", containsString("geolocation=()"))
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void securityHeadersOnSuccessAndOnEveryKindOfError() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        hasSecurityHeaders(given().auth().oauth2(token).get("/api/conversations").then().statusCode(200));
        hasSecurityHeaders(given().get("/api/conversations").then().statusCode(401));
        hasSecurityHeaders(given().get("/api/nothing-here").then().statusCode(404));
        hasSecurityHeaders(given().get("/nothing-at-all").then().statusCode(404));
        hasSecurityHeaders(given().auth().oauth2(token).contentType("application/json").body("x".repeat(70_000))
                .post("/api/chat").then().statusCode(413));
        hasSecurityHeaders(given().auth().oauth2(token).get("/api/documents").then().statusCode(503));
        hasSecurityHeaders(given().header("Host", "evil.example").get("/api/auth/jwks").then().statusCode(400));
        hasSecurityHeaders(given().get("/q/health/live").then().statusCode(200));
        String ip = RateLimitTest.freshIp();
        for (int i = 0; i < 4; i++) {
            given().header("X-Forwarded-For", ip).contentType("application/json").body("{}").post("/api/auth/login");
        }
        hasSecurityHeaders(given().header("X-Forwarded-For", ip).contentType("application/json").body("{}")
                .post("/api/auth/login").then().statusCode(429));
    }

    @Test
    void anAllowedOriginGetsAPreflightWithAllowOrigin() {
        ValidatableResponse preflight = given().header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/chat").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Allow-Methods", containsString("POST"));
        hasSecurityHeaders(preflight);
    }

    @Test
    void anUnknownOriginGetsNoAllowOrigin() {
        ValidatableResponse preflight = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/chat").then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        hasSecurityHeaders(preflight);
        given().header("Origin", "https://evil.example").get("/api/auth/jwks").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void hostsOutsideTheAllowListAreRefusedButProbesAreNot() {
        given().header("Host", "evil.example").get("/api/auth/jwks").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("host"));
        given().header("Host", "127.0.0.1:1234").get("/api/auth/jwks").then().statusCode(200);
        given().header("Host", "evil.example").get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theClientIpFromATrustedProxyGoesUpstreamAndForgedChainsDoNot() {
        // the test client (127.0.0.1) is configured as a trusted proxy here
        given().header("X-Forwarded-For", "203.0.113.9, 127.0.0.1").get("/api/auth/jwks").then().statusCode(200)
                .body("forwardedFor", is("203.0.113.9"))
                .body("forwarded", nullValue());
        given().header("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https").get("/api/auth/jwks").then()
                .body("forwardedFor", is("2001:db8::7"))
                .body("forwardedProto", is("https"))
                .body("forwarded", nullValue());
    }

    @Test
    void onlyAllowListedClientHeadersGoUpstream() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        given().auth().oauth2(token)
                .header("X-Internal-Token", "forged-internal-token-0123456789abcdef")
                .header("X-Internal-Caller", "ingest-service")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Prefix", "/admin")
                .header("X-Forwarded-Server", "evil.example")
                .header("X-Real-IP", "10.0.0.1")
                .header("X-User-Id", "someone-else")
                .header("Cookie", "session=1")
                .header("Accept-Language", "de")
                .header("If-None-Match", "\"v1\"")
                .header("User-Agent", "probe/1.0")
                .get("/api/conversations").then().statusCode(200)
                .body("headers.x-internal-token", nullValue())
                .body("headers.x-internal-caller", nullValue())
                .body("headers.x-forwarded-port", nullValue())
                .body("headers.x-forwarded-prefix", nullValue())
                .body("headers.x-forwarded-server", nullValue())
                .body("headers.x-real-ip", nullValue())
                .body("headers.x-user-id", nullValue())
                .body("headers.cookie", nullValue())
                // what the services use still arrives
                .body("headers.authorization", is("Bearer " + token))
                .body("headers.accept-language", is("de"))
                .body("headers.if-none-match", is("\"v1\""))
                .body("headers.user-agent", is("probe/1.0"))
                .body("headers.x-forwarded-for", is("127.0.0.1"))
                .body("headers.x-forwarded-proto", is("http"))
                .body("headers.x-request-id", notNullValue());
    }
}
