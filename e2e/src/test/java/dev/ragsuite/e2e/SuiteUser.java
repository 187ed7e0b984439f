package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A user an end-to-end class registers and logs in through the gateway, so its documents and
 * budgets are its own.
 *
 * @param id the user's id, the access token's subject
 */
record SuiteUser(String email, String password, String token, String id) {

    /** Registers {@code <name>-<uuid>@example.test} (display name {@code name}) and logs it in. */
    static SuiteUser register(String name, String password) {
        String email = name.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID() + "@example.test";
        given().contentType("application/json")
                .body(Map.of("email", email, "password", password, "displayName", name))
                .post("/api/auth/register").then().statusCode(201);
        String token = login(email, password);
        return new SuiteUser(email, password, token, subjectOf(token));
    }

    /** A fresh access token (a new session) for this user. */
    String login() {
        return login(email, password);
    }

    private static String login(String email, String password) {
        return given().contentType("application/json").body(Map.of("email", email, "password", password))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    /** An access token of the first admin, whose one-time password the suite's first start printed. */
    static String adminToken(Suite suite) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("email=(\\S+) password=(\\S+)");
        for (String output : suite.firstStartOutput) {
            java.util.regex.Matcher m = line.matcher(output);
            if (m.find()) {
                return login(m.group(1), m.group(2));
            }
        }
        throw new IllegalStateException("the first start printed no first-admin login");
    }

    /** The {@code sub} claim of a JWT (read, not verified: the services verify it). */
    static String subjectOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonPath.from(payload).getString("sub");
    }
}
