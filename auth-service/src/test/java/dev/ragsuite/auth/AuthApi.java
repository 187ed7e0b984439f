package dev.ragsuite.auth;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Small helpers for the auth API tests. */
final class AuthApi {

    static final String PASSWORD = "correct horse battery staple";
    static final String ADMIN_EMAIL = "admin@auth-test.rag-suite.local";
    static final String ADMIN_PASSWORD = "test-only-admin-password-7f3c";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthApi() {
    }

    /** A fresh address per test so leftovers of earlier runs never collide. */
    static String randomEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    static String register(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Test User"))
                .when().post("/api/auth/register")
                .then().statusCode(201)
                .extract().path("id");
    }

    static String login(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/auth/login")
                .then().statusCode(200)
                .extract().path("accessToken");
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
