package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.ADMIN_EMAIL;
import static dev.ragsuite.auth.AuthApi.ADMIN_PASSWORD;
import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.as;
import static dev.ragsuite.auth.AuthApi.loginFrom;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.randomIp;
import static dev.ragsuite.auth.AuthApi.register;
import static dev.ragsuite.auth.AuthApi.sid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.audit.AuthEvents;
import dev.ragsuite.auth.repository.UserRepository;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Admin user management, the password policy, and changing one's own password. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AdminActionsTest {

    private static final String USERS = "/api/admin/users";

    @Inject
    RedisDataSource redis;

    @Inject
    UserRepository users;

    @Test
    void adminCreatesAUserWhoCanLogIn() {
        String email = randomEmail();
        String id = as(admin()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Made By Admin", "role", "user"))
                .post(USERS).then().statusCode(201)
                .body("email", equalTo(email))
                .body("role", equalTo("user"))
                .body("disabled", equalTo(false))
                .extract().path("id");
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        as(token).get("/api/auth/me").then().statusCode(200).body("id", equalTo(id));

        as(admin()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Again", "role", "user"))
                .post(USERS).then().statusCode(409).contentType(PROBLEM_JSON);
        as(admin()).contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", PASSWORD, "displayName", "X", "role", "root"))
                .post(USERS).then().statusCode(400).body("errors.field", hasItem("role"));
    }

    @Test
    void ordinaryUsersGetForbiddenOnEveryAdminAction() {
        String email = randomEmail();
        String id = register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        as(token).contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", PASSWORD, "displayName", "X", "role", "admin"))
                .post(USERS).then().statusCode(403).contentType(PROBLEM_JSON);
        as(token).post(USERS + "/" + id + "/disable").then().statusCode(403);
        as(token).post(USERS + "/" + id + "/enable").then().statusCode(403);
        as(token).contentType(ContentType.JSON).body(Map.of("role", "admin")).post(USERS + "/" + id + "/role")
                .then().statusCode(403);
        as(token).contentType(ContentType.JSON).body(Map.of("newPassword", "a brand new password"))
                .post(USERS + "/" + id + "/password").then().statusCode(403);
        as(token).get("/api/admin/audit").then().statusCode(403);
    }

    @Test
    void disablingEndsEverySessionAndEnablingAllowsLoginAgain() {
        String email = randomEmail();
        String id = register(email);
        JsonPath a = loginTokens(email, PASSWORD);
        JsonPath b = loginTokens(email, PASSWORD);

        as(admin()).post(USERS + "/" + id + "/disable").then().statusCode(200).body("disabled", equalTo(true));

        List<Map<String, String>> events = redis.stream(String.class)
                .xrevrange(AuthEvents.STREAM, StreamRange.of("+", "-"), 500).stream().map(StreamMessage::payload).toList();
        for (JsonPath session : new JsonPath[] { a, b }) {
            String sid = sid(session.getString("accessToken"));
            assertTrue(redis.key().exists("rag:auth:revoked:" + sid));
            assertTrue(events.stream().anyMatch(e -> "session_revoked".equals(e.get("type")) && sid.equals(e.get("sessionId"))
                    && id.equals(e.get("userId")) && e.containsKey("at")), "session_revoked event on the stream for " + sid);
            as(session.getString("accessToken")).get("/api/auth/me").then().statusCode(401);
            AuthApi.refresh(session.getString("refreshToken")).then().statusCode(401);
        }
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(401).body("detail", equalTo("Invalid email or password."));

        as(admin()).post(USERS + "/" + id + "/enable").then().statusCode(200).body("disabled", equalTo(false));
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(200);

        as(admin()).queryParam("userId", id).get("/api/admin/audit").then().statusCode(200)
                .body("items.type", hasItems("user_registered", "login", "user_disabled", "session_revoked",
                        "sessions_revoked_all", "user_enabled"))
                .body("items.find { it.type == 'user_disabled' }.actorId", equalTo(adminId()));
    }

    @Test
    void changingTheRoleEndsSessionsSoTheNewRoleAppliesAtOnce() {
        String email = randomEmail();
        String id = register(email);
        String before = loginTokens(email, PASSWORD).getString("accessToken");

        as(admin()).contentType(ContentType.JSON).body(Map.of("role", "admin")).post(USERS + "/" + id + "/role")
                .then().statusCode(200).body("role", equalTo("admin"));
        as(before).get("/api/auth/me").then().statusCode(401);
        String after = loginTokens(email, PASSWORD).getString("accessToken");
        assertEquals("admin", AuthApi.payload(after).get("groups").get(0).asText());
        as(after).get(USERS).then().statusCode(200);

        as(admin()).contentType(ContentType.JSON).body(Map.of("role", "user")).post(USERS + "/" + id + "/role")
                .then().statusCode(200).body("role", equalTo("user"));
        as(after).get(USERS).then().statusCode(401);
        as(admin()).queryParam("userId", id).queryParam("type", "role_changed").get("/api/admin/audit")
                .then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    void resettingAPasswordEndsTheUsersSessions() {
        String email = randomEmail();
        String id = register(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");

        as(admin()).contentType(ContentType.JSON).body(Map.of("newPassword", "password"))
                .post(USERS + "/" + id + "/password").then().statusCode(400).contentType(PROBLEM_JSON);
        as(admin()).contentType(ContentType.JSON).body(Map.of("newPassword", "a completely new secret"))
                .post(USERS + "/" + id + "/password").then().statusCode(204);

        as(token).get("/api/auth/me").then().statusCode(401);
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(401);
        loginFrom(randomIp(), email, "a completely new secret").then().statusCode(200);
        as(admin()).post(USERS + "/" + UUID.randomUUID() + "/disable").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledOrDemoted() throws Throwable {
        // leave the configured test admin as the only enabled admin
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> users.update(
                "role = ?1 where role = ?2 and email <> ?3", Role.USER, Role.ADMIN, ADMIN_EMAIL)));
        String admin = admin();
        String self = adminId();

        as(admin).post(USERS + "/" + self + "/disable").then().statusCode(409).contentType(PROBLEM_JSON);
        as(admin).contentType(ContentType.JSON).body(Map.of("role", "user")).post(USERS + "/" + self + "/role")
                .then().statusCode(409).contentType(PROBLEM_JSON);
        as(admin).get("/api/auth/me").then().statusCode(200).body("role", equalTo("admin"));
    }

    @Test
    void passwordPolicyRefusesCommonPasswordsAndTheEmail() {
        String email = randomEmail();
        Response common = registerAttempt(email, "QazWsxEdcRfv");
        common.then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", equalTo("The password is one of the most commonly used passwords; choose another one."));
        registerAttempt(email, email.toUpperCase()).then().statusCode(400)
                .body("detail", equalTo("The password must not be the email address."));
        registerAttempt(email, "short").then().statusCode(400).body("errors.field", hasItem("password"));
        registerAttempt(email, "an uncommon passphrase").then().statusCode(201);
    }

    @Test
    void changingOwnPasswordKeepsThisSessionAndEndsTheOthers() {
        String email = randomEmail();
        register(email);
        String here = loginTokens(email, PASSWORD).getString("accessToken");
        String elsewhere = loginTokens(email, PASSWORD).getString("accessToken");

        changePassword(here, "not my password", "another good secret").then().statusCode(400)
                .body("detail", equalTo("The current password is not correct."));
        changePassword(here, PASSWORD, "1qaz2wsx3edc").then().statusCode(400)
                .body("detail", equalTo("The password is one of the most commonly used passwords; choose another one."));
        changePassword(here, PASSWORD, "another good secret").then().statusCode(204);

        as(here).get("/api/auth/me").then().statusCode(200);
        as(elsewhere).get("/api/auth/me").then().statusCode(401);
        loginFrom(randomIp(), email, PASSWORD).then().statusCode(401);
        loginFrom(randomIp(), email, "another good secret").then().statusCode(200);
        as(admin()).queryParam("type", "password_changed").queryParam("userId", AuthApi.sub(here))
                .get("/api/admin/audit").then().statusCode(200).body("total", greaterThanOrEqualTo(1));
    }

    private static Response changePassword(String token, String current, String next) {
        return as(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next)).post("/api/auth/password");
    }

    private static String admin() {
        return AuthApi.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    private static String adminId() {
        return AuthApi.sub(admin());
    }

    private static Response registerAttempt(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "displayName", "Policy"))
                .post("/api/auth/register");
    }
}
