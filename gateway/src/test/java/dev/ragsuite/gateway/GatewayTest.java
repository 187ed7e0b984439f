package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.testing.PrometheusScrape;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class GatewayTest {

    @Inject
    RevokedSessions revokedSessions;

    @TestHTTPResource("/")
    URI root;

    @Test
    void publicAuthPathsAreForwardedWithoutAToken() {
        given().contentType("application/json").body("{\"email\":\"a@b.c\"}")
                .post("/api/auth/login")
                .then().statusCode(200)
                .body("method", is("POST"))
                .body("path", is("/api/auth/login"))
                .body("bodyBytes", is(17))
                .body("requestId", notNullValue())
                .body("forwardedFor", is("127.0.0.1"))
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void aLoginAsksForCookieModeThroughTheGateway() {
        given().contentType("application/json").header("X-Refresh-Token-Mode", "cookie")
                .body("{\"email\":\"a@b.c\"}").post("/api/auth/login")
                .then().statusCode(200)
                .body("headers.x-refresh-token-mode", is("cookie"));
    }

    @Test
    void theBrowsersCookieRefreshReachesAuthServiceWithWhatItChecksAndItsCookieComesBack() {
        given().header("X-Refresh-Token-Mode", "cookie").header("Origin", "http://localhost:8080")
                .cookie("rag_refresh", "opaque-refresh-token").cookie("tracker", "not-for-upstream")
                .post("/api/auth/refresh/cookie")
                .then().statusCode(200)
                .body("path", is("/api/auth/refresh/cookie"))
                .body("authorization", nullValue())
                .body("headers.cookie", is("rag_refresh=opaque-refresh-token"))
                .body("headers.origin", is("http://localhost:8080"))
                .body("headers.x-refresh-token-mode", is("cookie"))
                .body("headers.x-forwarded-host", notNullValue())
                .header("Set-Cookie", containsString("rag_refresh=rotated"))
                .header("Set-Cookie", containsString("HttpOnly"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndARequestId() {
        given().get("/q/health/live").then().statusCode(200)
                .header("X-Request-Id", notNullValue())
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Strict-Transport-Security", nullValue());
        given().header("X-Forwarded-Proto", "https").get("/q/health/live").then()
                .header("Strict-Transport-Security", containsString("max-age=31536000"));
    }

    @Test
    void aSaneIncomingRequestIdIsKeptAndPassedUpstream() {
        String id = "req-" + UUID.randomUUID();
        given().header("X-Request-Id", id).get("/api/auth/jwks").then().statusCode(200)
                .header("X-Request-Id", id)
                .body("requestId", is(id));
        given().header("X-Request-Id", "bad id\u0001").get("/api/auth/jwks").then().statusCode(200)
                .header("X-Request-Id", org.hamcrest.Matchers.not("bad id\u0001"));
    }

    @Test
    void protectedRoutesNeedAValidToken() {
        given().contentType("application/json").body("{}").post("/api/chat").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", is(401));
        given().auth().oauth2(TestJwt.forged("u1")).get("/api/conversations").then()
                .statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("invalid or expired"));
        given().auth().oauth2("not-a-jwt").get("/api/conversations").then().statusCode(401);
    }

    @Test
    void aValidTokenIsForwardedToTheOwningService() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        given().auth().oauth2(token).get("/api/conversations?page=1").then()
                .statusCode(200)
                .body("path", is("/api/conversations"))
                .body("query", is("page=1"))
                .body("authorization", is("Bearer " + token));
    }

    @Test
    void aRevokedSessionIsRejectedAtTheEdge() {
        String sid = UUID.randomUUID().toString();
        String token = TestJwt.token("user-" + UUID.randomUUID(), sid, Set.of("user"));
        given().auth().oauth2(token).get("/api/conversations").then().statusCode(200);
        revokedSessions.revoke(sid, Duration.ofMinutes(1)).await().atMost(Duration.ofSeconds(5));
        given().auth().oauth2(token).get("/api/conversations").then()
                .statusCode(401).body("detail", is("This session has been revoked."));
    }

    @Test
    void unknownPathsAndNonCanonicalPathsAreRefused() throws Exception {
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(root.resolve("/api/auth/login/../../chat")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("canonical"), response.body());
        // no path climbs out of /api into the gateway's own endpoints (the fuzzer read /q/metrics this way)
        for (String climb : List.of("/api/../q/metrics", "/api/%2e%2e/q/health", "/api/documents/../../q/metrics")) {
            HttpResponse<String> out = client.send(HttpRequest.newBuilder(URI.create(root + climb.substring(1))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, out.statusCode(), climb + " → " + out.body());
            assertEquals("application/problem+json", out.headers().firstValue("content-type").orElse(""), climb);
        }
    }

    @Test
    void oversizedBodiesAreRefusedBeforeForwarding() throws Exception {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        given().auth().oauth2(token).contentType("application/json").body("x".repeat(70_000))
                .post("/api/chat").then()
                .statusCode(413).contentType("application/problem+json");
        given().contentType("application/json").body("x".repeat(20_000))
                .post("/api/auth/register").then().statusCode(413).contentType("application/problem+json");
        // larger than Vert.x's default 10 MiB ceiling: still the route's problem+json answer. Sent with the JDK's
        // client: rest-assured spends half a minute on a body this size before it sends the first byte.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(root.resolve("/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[60 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""), response.body());
    }

    @Test
    void chunkedBodiesAreCountedAsTheyStream() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        // rest-assured sends multipart bodies chunked, without a Content-Length
        given().auth().oauth2(token).multiPart("file", "small.txt", "hello".getBytes())
                .post("/api/chat").then()
                .statusCode(200).body("bodyBytes", org.hamcrest.Matchers.greaterThan(5));
        given().auth().oauth2(token).multiPart("file", "big.txt", new byte[200_000])
                .post("/api/chat").then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void anUnreachableServiceIsA503Problem() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        given().auth().oauth2(token).get("/api/documents").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("title", equalTo("Service Unavailable"));
    }

    @Test
    void aClientThatHangsUpIsNotAnUnreachableService() throws Exception {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        Map<String, String> unreachable = Map.of("reason", "upstream_unavailable");
        double unreachableBefore = scrape().sum("rag_gateway_rejected_total", unreachable);
        double closedBefore = scrape().sum("rag_gateway_client_closed_total", Map.of());
        // the stand-in answers /api/chat/slow after 2 s; this client hangs up after 300 ms, as a closed tab does
        try (Socket client = new Socket(root.getHost(), root.getPort())) {
            client.getOutputStream().write(("POST /api/chat/slow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            Thread.sleep(300);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (scrape().sum("rag_gateway_client_closed_total", Map.of()) == closedBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(closedBefore + 1, scrape().sum("rag_gateway_client_closed_total", Map.of()), "counted as the client's doing");
        assertEquals(unreachableBefore, scrape().sum("rag_gateway_rejected_total", unreachable),
                "not as an unreachable upstream (which pages an operator)");
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        given().header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/chat").then()
                .header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/chat").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
