package dev.ragsuite.auth;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Small helpers for the auth API tests. */
final class AuthApi {

    static final String PASSWORD = "correct horse battery staple";
    static final String ADMIN_EMAIL = "admin@auth-test.rag-suite.local";
    static final String ADMIN_PASSWORD = "test-only-admin-password-7f3c";
    /** The media type of every error answer. */
    static final String PROBLEM_JSON = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthApi() {
    }

    /** A fresh address per test so leftovers of earlier runs never collide. */
    static String randomEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    /**
     * Registers the address and returns the new user's id. Registration answers alike whether or not
     * the address was free (it never tells who has an account), so the id is read from a first login,
     * whose session is ended again (tests count the sessions they open).
     */
    static String register(String email) {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Test User"))
                .when().post("/api/auth/register")
                .then().statusCode(201);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        as(token).post("/api/auth/logout").then().statusCode(204);
        return sub(token);
    }

    /**
     * Has the first admin create a user account with this address and {@link #PASSWORD} (the way in when
     * registration is off) and returns the new user's id.
     */
    static String createdByAdmin(String email) {
        String admin = loginTokens(ADMIN_EMAIL, ADMIN_PASSWORD).getString("accessToken");
        String id = as(admin).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Test User", "role", "user"))
                .post("/api/admin/users")
                .then().statusCode(201).extract().path("id");
        as(admin).post("/api/auth/logout").then().statusCode(204);
        return id;
    }

    static List<Integer> statuses(List<Response> responses) {
        return responses.stream().map(Response::statusCode).toList();
    }

    static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    static String login(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/auth/login")
                .then().statusCode(200)
                .extract().path("accessToken");
    }

    /** A login from the given client address (sent as X-Forwarded-For; the tests call from a trusted loopback proxy). */
    static Response loginFrom(String ip, String email, String password) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", ip)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/auth/login");
    }

    /** A successful login: accessToken, refreshToken, tokenType, expiresIn. */
    static JsonPath loginTokens(String email, String password) {
        return loginFrom(randomIp(), email, password).then().statusCode(200).extract().jsonPath();
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", refreshToken))
                .when().post("/api/auth/refresh");
    }

    static RequestSpecification as(String accessToken) {
        return given().auth().oauth2(accessToken);
    }

    /** A random address in 10/8, so counters per client IP never collide between tests or runs. */
    static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    static String sid(String accessToken) {
        return payload(accessToken).get("sid").asText();
    }

    static String sub(String accessToken) {
        return payload(accessToken).get("sub").asText();
    }

    /** Forgets login failures counted against the loopback address (tests without X-Forwarded-For). */
    static void clearLoopbackThrottle(RedisDataSource redis) {
        for (String ip : new String[] { "127.0.0.1", "0:0:0:0:0:0:0:1" }) {
            for (String part : new String[] { "fail", "strikes", "lock" }) {
                redis.key().del("rag:auth:throttle:ip:" + part + ":" + ip);
                redis.key().keys("rag:auth:throttle:pair:" + part + ":*:" + ip).forEach(k -> redis.key().del(k));
            }
        }
    }

    static JsonNode header(String jwt) {
        return decodePart(jwt, 0);
    }

    static JsonNode payload(String jwt) {
        return decodePart(jwt, 1);
    }

    private static JsonNode decodePart(String jwt, int index) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
