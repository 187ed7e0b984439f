package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.as;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.auth.audit.AuthEvents;
import dev.ragsuite.auth.repository.ApiKeyRepository;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** API keys: created once-shown, stored hashed, listed without the key, exchanged by the gateway, revoked. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ApiKeyTest {

    private static final String EXCHANGE = "/internal/v1/api-keys/exchange";

    @Inject
    RedisDataSource redis;

    @Inject
    ApiKeyRepository apiKeys;

    @Test
    void createdKeyIsShownOnceAndStoredOnlyAsItsHash() throws Throwable {
        String token = userToken();
        JsonPath created = create(token, Map.of("name", "ci bot", "scopes", List.of("documents:write", "chat"), "expiresInDays", 30))
                .then().statusCode(201)
                .body("name", equalTo("ci bot"))
                .body("scopes", contains("chat", "documents:write"))
                .body("createdAt", notNullValue())
                .body("expiresAt", notNullValue())
                .extract().jsonPath();
        String key = created.getString("key");
        assertTrue(key.matches("rk_[A-Za-z0-9_-]{43}"), key);
        assertTrue(key.startsWith(created.getString("prefix")));

        ApiKey row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> apiKeys.findById(UUID.fromString(created.getString("id")))));
        assertEquals(sha256(key), row.keyHash);
        assertTrue(!row.keyHash.contains(key.substring(3)) && !row.prefix.equals(key));

        as(token).get("/api/auth/api-keys").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(created.getString("id")))
                .body("[0].prefix", equalTo(created.getString("prefix")))
                .body("[0]", not(hasKey("key")))
                .body("[0].lastUsedAt", nullValue());
    }

    @Test
    void exchangeGivesTheGatewayAScopedAccessToken() {
        String email = randomEmail();
        String userId = register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        JsonPath created = create(token, Map.of("name", "reader", "scopes", List.of("documents:read"))).then().statusCode(201)
                .extract().jsonPath();
        String keyId = created.getString("id");

        JsonPath exchanged = exchange(created.getString("key")).then().statusCode(200)
                .body("expiresIn", equalTo(300))
                .body("userId", equalTo(userId))
                .body("scopes", contains("documents:read"))
                .extract().jsonPath();
        JsonNode claims = AuthApi.payload(exchanged.getString("accessToken"));
        assertEquals(userId, claims.get("sub").asText());
        assertEquals(email, claims.get("upn").asText());
        assertEquals("user", claims.get("groups").get(0).asText());
        assertEquals(keyId, claims.get("sid").asText());
        assertEquals("documents:read", claims.get("scope").asText());
        assertEquals("api_key", claims.get("amr").get(0).asText());
        assertEquals("rag-suite", claims.get("iss").asText());
        assertTrue(claims.hasNonNull("jti"));
        assertEquals(300L, claims.get("exp").asLong() - claims.get("iat").asLong());

        as(token).get("/api/auth/api-keys").then().statusCode(200).body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void exchangeNeedsTheInternalTokenAndAValidKey() {
        String key = create(userToken(), Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201)
                .extract().path("key");
        given().contentType(ContentType.JSON).body(Map.of("key", key)).post(EXCHANGE)
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).header("X-Internal-Token", "wrong-token-wrong-token-wrong-token")
                .body(Map.of("key", key)).post(EXCHANGE).then().statusCode(401);
        exchange("rk_" + "A".repeat(43)).then().statusCode(401).contentType(PROBLEM_JSON)
                .body("detail", equalTo("The API key is not valid."));
        exchange("not-a-key").then().statusCode(401);
        given().contentType(ContentType.JSON).header("X-Internal-Token", RagTestEnvironment.INTERNAL_TOKEN)
                .body("{}").post(EXCHANGE).then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void revokedKeyNoLongerExchangesAndItsTokensAreDenylisted() {
        String token = userToken();
        JsonPath created = create(token, Map.of("name", "old", "scopes", List.of("chat"))).then().statusCode(201)
                .extract().jsonPath();
        exchange(created.getString("key")).then().statusCode(200);

        as(token).delete("/api/auth/api-keys/" + created.getString("id")).then().statusCode(204);

        assertTrue(redis.key().exists("rag:auth:revoked:" + created.getString("id")));
        exchange(created.getString("key")).then().statusCode(401);
        as(token).get("/api/auth/api-keys").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void someoneElsesKeyCannotBeRevoked() {
        String mine = userToken();
        String theirs = userToken();
        JsonPath created = create(theirs, Map.of("name", "theirs", "scopes", List.of("chat"))).then().statusCode(201)
                .extract().jsonPath();
        as(mine).delete("/api/auth/api-keys/" + created.getString("id")).then().statusCode(404).contentType(PROBLEM_JSON);
        exchange(created.getString("key")).then().statusCode(200);
    }

    @Test
    void expiredKeyDoesNotExchange() throws Throwable {
        String token = userToken();
        JsonPath created = create(token, Map.of("name", "short", "scopes", List.of("chat"), "expiresInDays", 1))
                .then().statusCode(201).extract().jsonPath();
        UUID id = UUID.fromString(created.getString("id"));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> apiKeys.update(
                "createdAt = ?1, expiresAt = ?2 where id = ?3",
                java.time.Instant.now().minusSeconds(7200), java.time.Instant.now().minusSeconds(60), id)));
        exchange(created.getString("key")).then().statusCode(401);
    }

    @Test
    void badRequestsAreClearProblems() {
        String token = userToken();
        create(token, Map.of("name", "x", "scopes", List.of("admin"))).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", equalTo("Unknown scope 'admin'; use chat, documents:read or documents:write."));
        create(token, Map.of("name", "x", "scopes", List.of())).then().statusCode(400).contentType(PROBLEM_JSON);
        create(token, Map.of("name", " ", "scopes", List.of("chat"))).then().statusCode(400);
        create(token, Map.of("name", "x", "scopes", List.of("chat"), "expiresInDays", 400)).then().statusCode(400)
                .body("detail", equalTo("expiresInDays must be between 1 and 365."));
        create(token, Map.of("name", "x", "scopes", List.of("chat"), "expiresInDays", 0)).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("chat")))
                .post("/api/auth/api-keys").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void aUserHasAtMostTwentyActiveKeys() {
        String token = userToken();
        for (int i = 0; i < 20; i++) {
            create(token, Map.of("name", "key " + i, "scopes", List.of("chat"))).then().statusCode(201);
        }
        create(token, Map.of("name", "one too many", "scopes", List.of("chat"))).then().statusCode(409)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void aTokenFromAnApiKeyCannotManageKeysOrSessions() {
        String token = userToken();
        String key = create(token, Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201).extract().path("key");
        String keyToken = exchange(key).then().statusCode(200).extract().path("accessToken");

        create(keyToken, Map.of("name", "minted", "scopes", List.of("chat"))).then().statusCode(403).contentType(PROBLEM_JSON);
        as(keyToken).get("/api/auth/sessions").then().statusCode(403);
        as(keyToken).get("/api/admin/users").then().statusCode(403);
    }

    @Test
    void disabledUserCannotExchangeAndTheirKeyTokensAreDenylisted() {
        String email = randomEmail();
        String userId = register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        JsonPath created = create(token, Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201)
                .extract().jsonPath();
        exchange(created.getString("key")).then().statusCode(200);

        String admin = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        as(admin).post("/api/admin/users/" + userId + "/disable").then().statusCode(200);

        assertTrue(redis.key().exists("rag:auth:revoked:" + created.getString("id")), "API-key sid denylisted");
        assertTrue(redis.stream(String.class)
                .xrevrange(AuthEvents.STREAM, StreamRange.of("+", "-"), 200).stream()
                .map(StreamMessage::payload)
                .anyMatch(e -> "session_revoked".equals(e.get("type")) && created.getString("id").equals(e.get("sessionId"))),
                "the API-key sid is announced on the event stream");
        exchange(created.getString("key")).then().statusCode(401);
    }

    @Test
    void changingThePasswordRevokesEveryApiKey() {
        String email = randomEmail();
        register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        String key = create(token, Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201).extract().path("key");
        exchange(key).then().statusCode(200);

        as(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a fresh and rare secret"))
                .post("/api/auth/password").then().statusCode(204);

        exchange(key).then().statusCode(401);
        as(token).get("/api/auth/api-keys").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void changingThePasswordKeepsTheApiKeysWhenAskedTo() {
        String email = randomEmail();
        register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        String key = create(token, Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201).extract().path("key");

        as(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a fresh and rare secret", "keepApiKeys", true))
                .post("/api/auth/password").then().statusCode(204);

        exchange(key).then().statusCode(200);
    }

    @Test
    void anAdminPasswordResetRevokesEveryApiKey() {
        String email = randomEmail();
        String userId = register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        String key = create(token, Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201).extract().path("key");
        exchange(key).then().statusCode(200);

        String admin = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        as(admin).contentType(ContentType.JSON).body(Map.of("newPassword", "an admin-chosen secret"))
                .post("/api/admin/users/" + userId + "/password").then().statusCode(204);

        exchange(key).then().statusCode(401);
    }

    @Test
    void aRoleChangeRevokesTheApiKeysForGood() throws Throwable {
        String email = randomEmail();
        String userId = register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        JsonPath created = create(token, Map.of("name", "k", "scopes", List.of("chat"))).then().statusCode(201)
                .extract().jsonPath();

        String admin = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        as(admin).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .post("/api/admin/users/" + userId + "/role").then().statusCode(200);

        // not a denylist entry that expires: the key itself is revoked
        ApiKey row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> apiKeys.findById(UUID.fromString(created.getString("id")))));
        assertTrue(row.revokedAt != null, "the key is revoked in the database");
        redis.key().del("rag:auth:revoked:" + created.getString("id"));
        exchange(created.getString("key")).then().statusCode(401);
    }

    private static String userToken() {
        String email = randomEmail();
        register(email);
        return loginTokens(email, PASSWORD).getString("accessToken");
    }

    private static Response create(String token, Map<String, Object> body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/api/auth/api-keys");
    }

    static Response exchange(String key) {
        return given().contentType(ContentType.JSON).header("X-Internal-Token", RagTestEnvironment.INTERNAL_TOKEN)
                .body(Map.of("key", key)).post(EXCHANGE);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
