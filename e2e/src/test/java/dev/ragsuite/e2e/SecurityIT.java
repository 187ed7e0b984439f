package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.testing.AttackTokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack suite of the security model, run against the gateway AND against every service
 * directly (as an attacker already inside the network would): forged, expired, tampered and
 * mis-signed tokens, tokens of revoked sessions and disabled users, replayed refresh tokens — each
 * must get a 401 problem, never a 500 — and the revocation latency over every service.
 */
@Order(2)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final String PASSWORD = "a long enough passphrase 9";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Suite suite;
    private static List<Target> targets;

    /** One authenticated endpoint, reached through the gateway or directly at a service. */
    record Target(String name, String baseUrl, String method, String path, String body, String internalToken) {

        Response call(String bearer) {
            RequestSpecification request = given().baseUri(baseUrl).redirects().follow(false);
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (internalToken != null) {
                request.header("X-Internal-Token", internalToken);
            }
            if (body != null) {
                request.contentType("application/json").body(body);
            }
            return request.request(method, path);
        }
    }

    @BeforeAll
    static void targets() {
        suite = SuiteExtension.suite();
        String search = "{\"query\":\"who was Tesla\",\"topK\":3}";
        targets = List.of(
                new Target("gateway → auth", suite.gatewayUrl(), "GET", "/api/auth/me", null, null),
                new Target("gateway → ingest", suite.gatewayUrl(), "GET", "/api/documents", null, null),
                new Target("gateway → chat", suite.gatewayUrl(), "GET", "/api/conversations", null, null),
                new Target("auth-service direct", suite.serviceUrl("auth-service"), "GET", "/api/auth/me", null, null),
                new Target("ingest-service direct", suite.serviceUrl("ingest-service"), "GET", "/api/documents", null, null),
                new Target("chat-service direct", suite.serviceUrl("chat-service"), "GET", "/api/conversations", null, null),
                new Target("vector-service direct", suite.serviceUrl("vector-service"), "POST", "/internal/v1/search", search,
                        suite.internalToken()));
    }

    @Test
    @Order(1)
    void everyForgedTokenIsRefusedByEveryService() throws Exception {
        String email = register("mallory");
        String token = login(email).accessToken;
        JsonNode claims = payload(token);
        for (Target target : targets) {
            target.call(token).then().statusCode(200);
        }

        AttackTokens attacks = AttackTokens
                .forSession(claims.get("sub").asText(), claims.get("sid").asText(), Set.of("user"))
                .signedWith(suiteSigningKey(), kidOf(token));
        Map<String, String> cases = new LinkedHashMap<>(attacks.attacks());
        cases.put("HS256 signed with the public key (key confusion)", hmacWithPublicKey(token));
        cases.put("not a JWT", "not-a-jwt");
        cases.put("no token", null);
        int checks = 0;
        for (Map.Entry<String, String> attack : cases.entrySet()) {
            for (Target target : targets) {
                expectUnauthorized(target, attack.getValue(), attack.getKey());
                checks++;
            }
        }
        // the control: a correctly signed token for the same session is accepted everywhere
        for (Target target : targets) {
            target.call(attacks.valid()).then().statusCode(200);
        }
        suite.report.add("attack suite: " + cases.size() + " forged-token cases × " + targets.size()
                + " targets = " + checks + " checks, all 401 problem+json");
    }

    @Test
    @Order(2)
    void revokedSessionsDisabledUsersAndReplayedRefreshTokensAreRefusedEverywhere() {
        // a session ended by logout
        Tokens loggedOut = login(register("revoked"));
        given().auth().oauth2(loggedOut.accessToken).post("/api/auth/logout").then().statusCode(204);
        everywhereUnauthorized(loggedOut.accessToken, "token of a revoked session");

        // a user disabled by an admin
        String disabledEmail = register("disabled");
        Tokens disabled = login(disabledEmail);
        String userId = payload(disabled.accessToken).get("sub").asText();
        given().auth().oauth2(adminToken()).post("/api/admin/users/" + userId + "/disable")
                .then().statusCode(200);
        everywhereUnauthorized(disabled.accessToken, "token of a disabled user");
        given().contentType("application/json").body(Map.of("email", disabledEmail, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(401).contentType("application/problem+json");

        // a refresh token presented twice: the second use revokes the whole session
        Tokens first = login(register("replay"));
        Tokens second = refresh(first.refreshToken);
        refreshResponse(first.refreshToken, suite.gatewayUrl()).then().statusCode(401)
                .contentType("application/problem+json");
        everywhereUnauthorized(second.accessToken, "access token of a session whose refresh token was replayed");
        refreshResponse(second.refreshToken, suite.serviceUrl("auth-service")).then().statusCode(401)
                .contentType("application/problem+json");
        suite.report.add("attack suite: revoked session, disabled user, refresh replay × " + targets.size()
                + " targets = " + 3 * targets.size() + " checks, all 401");
    }

    @Test
    @Order(3)
    void aRevokedSessionIsRefusedByEveryServiceWithinOneSecond() throws Exception {
        String email = register("latency");
        long worstStale = Long.MIN_VALUE;
        long worstFirst401 = 0;
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            Tokens tokens = login(email);
            for (Target target : targets) {
                target.call(tokens.accessToken).then().statusCode(200);
            }
            Revocation r = revokeAndPoll(tokens.accessToken);
            assertEquals(targets.size(), r.firstRefusal().size(), "every service must have refused the token: " + r);
            long first401 = r.firstRefusal().values().stream().mapToLong(Long::longValue).max().orElseThrow();
            long stale = r.lastAcceptedAfterRevocation().values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
            worstFirst401 = Math.max(worstFirst401, first401);
            worstStale = Math.max(worstStale, stale);
            rounds.add(first401 + " ms" + (stale == Long.MIN_VALUE ? "" : " (accepted " + stale + " ms after)"));
        }
        suite.report.add("revocation (logout sent → first 401, max over " + targets.size() + " targets, 5 rounds): "
                + String.join(", ", rounds) + "; worst " + worstFirst401 + " ms; latest request accepted after the revocation "
                + "took effect: " + (worstStale == Long.MIN_VALUE ? "none" : worstStale + " ms after"));
        assertTrue(worstStale < 1000, "a request sent " + worstStale + " ms after the revocation was still accepted");
    }

    @Test
    @Order(4)
    void anApiKeyWorksWithinItsScopesAndStopsAtOnceWhenRevoked() {
        Tokens owner = login(register("robot-owner"));
        Response created = given().auth().oauth2(owner.accessToken).contentType("application/json")
                .body(Map.of("name", "nightly sync", "scopes", List.of("documents:read")))
                .post("/api/auth/api-keys");
        created.then().statusCode(201);
        String key = created.path("key");
        String keyId = created.path("id");
        assertTrue(key.startsWith("rk_"), "keys are shown once, as rk_…");
        given().auth().oauth2(owner.accessToken).get("/api/auth/api-keys").then().statusCode(200)
                .body("find { it.id == '" + keyId + "' }.key", org.hamcrest.Matchers.nullValue());

        // within its scope, as a bearer and as X-API-Key
        given().header("Authorization", "Bearer " + key).get("/api/documents").then().statusCode(200);
        given().header("X-API-Key", key).get("/api/documents").then().statusCode(200);
        // outside it: writing documents, chatting, and the account API
        given().header("X-API-Key", key).multiPart("file", "x.txt", "some text".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/documents").then().statusCode(403).contentType("application/problem+json");
        given().header("X-API-Key", key).get("/api/conversations").then().statusCode(403);
        given().header("X-API-Key", key).get("/api/auth/me").then().statusCode(403);

        given().auth().oauth2(owner.accessToken).delete("/api/auth/api-keys/" + keyId).then().statusCode(204);
        given().header("X-API-Key", key).get("/api/documents").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + key).get("/api/documents").then().statusCode(401);
        given().header("X-API-Key", "rk_" + "A".repeat(43)).get("/api/documents").then().statusCode(401);
        suite.report.add("API key: scoped access through the gateway, 403 outside its scope, 401 right after revocation");
    }

    /** Sends the logout, while one poller per target calls every 10 ms; returns ms until each saw a 401. */
    /**
     * What each target did after a logout: when it first refused the token (ms after the logout was
     * sent), and the latest send time (ms after the revocation was confirmed by the 204) of a request
     * it still accepted — the revocation's real reach, not slowed down by how long answers take on a
     * loaded machine.
     */
    record Revocation(Map<String, Long> firstRefusal, Map<String, Long> lastAcceptedAfterRevocation) {
    }

    private static Revocation revokeAndPoll(String token) throws Exception {
        Map<String, Long> refusedAfter = new ConcurrentHashMap<>();
        Map<String, Long> acceptedAfter = new ConcurrentHashMap<>();
        ExecutorService pollers = Executors.newFixedThreadPool(targets.size());
        long sent = System.nanoTime();
        AtomicLong revoked = new AtomicLong(Long.MAX_VALUE);
        try {
            List<Future<?>> polls = new ArrayList<>();
            for (Target target : targets) {
                polls.add(pollers.submit(() -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        int status = target.call(token).statusCode();
                        if (status == 401) {
                            refusedAfter.put(target.name(), (System.nanoTime() - sent) / 1_000_000);
                            return null;
                        }
                        assertEquals(200, status, target.name() + " answered neither 200 nor 401");
                        long confirmed = revoked.get();
                        if (start > confirmed) {
                            acceptedAfter.merge(target.name(), (start - confirmed) / 1_000_000, Math::max);
                        }
                        TimeUnit.MILLISECONDS.sleep(10);
                    }
                    return null;
                }));
            }
            given().auth().oauth2(token).post("/api/auth/logout").then().statusCode(204);
            revoked.set(System.nanoTime());
            for (Future<?> poll : polls) {
                poll.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pollers.shutdownNow();
        }
        return new Revocation(refusedAfter, acceptedAfter);
    }

    private static void everywhereUnauthorized(String token, String what) {
        for (Target target : targets) {
            expectUnauthorized(target, token, what);
        }
    }

    private static void expectUnauthorized(Target target, String token, String what) {
        Response response = target.call(token);
        assertEquals(401, response.statusCode(), what + " at " + target.name() + ": " + response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"),
                what + " at " + target.name() + " must be a problem+json, was " + response.contentType());
    }

    record Tokens(String accessToken, String refreshToken) {
    }

    private static String register(String who) {
        String email = who + "-" + UUID.randomUUID() + "@example.test";
        given().contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD, "displayName", who))
                .post("/api/auth/register").then().statusCode(201);
        return email;
    }

    private static Tokens login(String email) {
        Response response = given().contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/auth/login");
        response.then().statusCode(200);
        return new Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    private static Tokens refresh(String refreshToken) {
        Response response = refreshResponse(refreshToken, suite.gatewayUrl());
        response.then().statusCode(200);
        return new Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    private static Response refreshResponse(String refreshToken, String baseUrl) {
        return given().baseUri(baseUrl).contentType("application/json")
                .body(Map.of("refreshToken", refreshToken)).post("/api/auth/refresh");
    }

    private static String adminToken() {
        return SuiteUser.adminToken(suite);
    }

    private static JsonNode payload(String jwt) {
        return json(jwt.split("\\.")[1]);
    }

    private static String kidOf(String jwt) {
        return json(jwt.split("\\.")[0]).get("kid").asText();
    }

    private static JsonNode json(String base64Url) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(base64Url));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key the suite's auth-service signs with (generated at first start into its state folder). */
    private static RSAPrivateCrtKey suiteSigningKey() throws IOException, GeneralSecurityException {
        JsonNode jwks = JSON.readTree(given().get("/api/auth/jwks").asString());
        try (var files = Files.list(suite.home.resolve("data/keys"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".pem")).toList()) {
                String pem = Files.readString(file);
                if (!pem.contains("BEGIN PRIVATE KEY")) {
                    continue;
                }
                RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyUtils.decodePrivateKey(pem);
                for (JsonNode jwk : jwks.get("keys")) {
                    BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()));
                    if (n.equals(key.getModulus())) {
                        return key;
                    }
                }
            }
        }
        throw new IllegalStateException("no private key of the suite matches its JWKS");
    }

    /** The classic algorithm-confusion forgery: HS256 with the RSA public key (as published) as the HMAC secret. */
    private static String hmacWithPublicKey(String genuine) throws GeneralSecurityException {
        String jwks = given().get("/api/auth/jwks").asString();
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kidOf(genuine) + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + genuine.split("\\.")[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(jwks.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }
}
