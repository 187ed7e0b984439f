package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.testing.TestKeys;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** API keys: exchanged at (a stand-in for) auth-service, cached, and held to their scopes per route. */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class ApiKeyTest {

    @Inject
    RevokedSessions revokedSessions;

    @ConfigProperty(name = "rag.gateway.routes.auth.target")
    String standIn;

    private static String key(String kind) {
        return "rk_" + kind + "_" + UUID.randomUUID();
    }

    private int exchanges(String key) {
        return Integer.parseInt(given().baseUri(standIn).queryParam("key", key).get("/stand-in/exchanges").asString());
    }

    @Test
    void aBearerApiKeyIsExchangedAndOnlyTheTokenGoesUpstream() {
        String key = key("chat");
        String forwarded = given().auth().oauth2(key).contentType("application/json").body("{\"question\":\"q\"}")
                .post("/api/chat").then().statusCode(200)
                .body("authorization", startsWith("Bearer ey"))
                .body("apiKey", nullValue())
                .extract().path("authorization");
        assertFalse(forwarded.contains("rk_"), forwarded);
    }

    @Test
    void anXApiKeyHeaderWorksTooAndIsStripped() {
        given().header("X-API-Key", key("chat")).get("/api/conversations").then().statusCode(200)
                .body("authorization", startsWith("Bearer ey"))
                .body("apiKey", nullValue());
    }

    @Test
    void theExchangedTokenIsCachedPerKey() {
        String key = key("chat");
        for (int i = 0; i < 3; i++) {
            given().header("X-API-Key", key).get("/api/conversations").then().statusCode(200);
        }
        assertEquals(1, exchanges(key));
    }

    @Test
    void scopesDecidePerRouteAndMethod() {
        String chat = key("chat");
        given().header("X-API-Key", chat).get("/api/documents").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("documents:read"));
        String read = key("docsread");
        given().header("X-API-Key", read).contentType("application/octet-stream").body(new byte[10])
                .post("/api/documents").then().statusCode(403).body("detail", containsString("documents:write"));
        given().header("X-API-Key", read).contentType("application/json").body("{\"question\":\"q\"}")
                .post("/api/chat").then().statusCode(403).body("detail", containsString("'chat'"));
        // in scope: passes the edge (the documents service itself is unreachable in this setup)
        given().header("X-API-Key", read).get("/api/documents").then().statusCode(503);
        given().header("X-API-Key", key("all")).contentType("application/octet-stream").body(new byte[10])
                .post("/api/documents").then().statusCode(200);
    }

    @Test
    void routesWithoutScopesRefuseApiKeys() {
        given().header("X-API-Key", key("all")).get("/api/auth/me").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("API keys cannot be used"));
        given().auth().oauth2(key("all")).get("/api/admin/users").then().statusCode(403);
    }

    @Test
    void anUnknownKeyIsA401Problem() {
        given().header("X-API-Key", "rk_bogus_0123456789").get("/api/conversations").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("API key"));
        given().header("X-API-Key", "rk_x").get("/api/conversations").then().statusCode(401);
    }

    @Test
    void aRevokedKeySessionIsRejectedEvenWhenCached() {
        String sid = UUID.randomUUID().toString();
        String key = "rk_chat_" + sid;
        given().header("X-API-Key", key).get("/api/conversations").then().statusCode(200);
        revokedSessions.revoke(sid, Duration.ofMinutes(1)).await().atMost(Duration.ofSeconds(5));
        given().header("X-API-Key", key).get("/api/conversations").then().statusCode(401)
                .body("detail", is("This session has been revoked."));
    }

    @Test
    void twoCredentialsAtOnceAreRefused() {
        given().header("X-API-Key", key("chat")).auth().oauth2(key("chat")).get("/api/conversations").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aScopedBearerTokenIsHeldToItsScopesAndASessionTokenIsNot() {
        String scoped = Jwt.issuer("rag-suite").subject("u-" + UUID.randomUUID()).groups("user")
                .claim("sid", UUID.randomUUID().toString()).claim("scope", "documents:read")
                .expiresIn(Duration.ofMinutes(5)).jws().keyId(TestKeys.keyId()).sign(TestKeys.privateKey());
        given().auth().oauth2(scoped).contentType("application/json").body("{}").post("/api/chat").then().statusCode(403);
        given().auth().oauth2(scoped).get("/api/auth/me").then().statusCode(403);
        String session = dev.ragsuite.testing.TestJwt.user("u-" + UUID.randomUUID());
        given().auth().oauth2(session).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void anApiKeyOnAPublicPathIsNotForwarded() {
        given().header("X-API-Key", key("chat")).header("X-Forwarded-For", RateLimitTest.freshIp())
                .contentType("application/json").body("{}")
                .post("/api/auth/login").then().statusCode(200).body("apiKey", nullValue());
    }
}
