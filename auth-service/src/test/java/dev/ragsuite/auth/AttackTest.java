package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.as;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.refresh;
import static dev.ragsuite.auth.AuthApi.register;
import static dev.ragsuite.auth.AuthApi.sid;
import static dev.ragsuite.auth.AuthApi.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.testing.AttackTokens;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The attack suite against auth-service directly: every hostile token is a 401 problem on
 * {@code /api/auth/me}, never a 500, while the same claims correctly signed pass.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AttackTest {

    @Test
    void forgedAndMalformedTokensAreUnauthorized() {
        String email = randomEmail();
        register(email);
        String real = loginTokens(email, PASSWORD).getString("accessToken");
        AttackTokens attack = AttackTokens.forSession(sub(real), sid(real), Set.of("user"));

        // control: the same claims, correctly signed with a published key, are accepted
        as(attack.valid()).get("/api/auth/me").then().statusCode(200);

        Map<String, String> attacks = attack.attacks();
        assertEquals(6, attacks.size());
        attacks.forEach((name, token) -> {
            Response response = as(token).get("/api/auth/me");
            assertEquals(401, response.statusCode(), name + " must be 401");
            assertEquals(PROBLEM_JSON, response.contentType(), name);
        });
        for (String garbage : new String[] { "not-a-jwt", "a.b.c", "", real + "x", real.substring(0, real.lastIndexOf('.')) }) {
            Response response = as(garbage).get("/api/auth/me");
            assertEquals(401, response.statusCode(), "garbage token '" + garbage + "'");
        }
    }

    @Test
    void tokenOfARevokedSessionIsUnauthorized() {
        String email = randomEmail();
        register(email);
        String real = loginTokens(email, PASSWORD).getString("accessToken");
        as(real).post("/api/auth/logout").then().statusCode(204);

        as(real).get("/api/auth/me").then().statusCode(401).contentType(PROBLEM_JSON);
        // a freshly signed token for the revoked session is refused as well
        as(AttackTokens.forSession(sub(real), sid(real), Set.of("user")).valid())
                .get("/api/auth/me").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void tokenOfADisabledUserIsUnauthorized() {
        String email = randomEmail();
        String userId = register(email);
        String real = loginTokens(email, PASSWORD).getString("accessToken");
        String admin = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        as(admin).post("/api/admin/users/" + userId + "/disable").then().statusCode(200);

        as(real).get("/api/auth/me").then().statusCode(401).contentType(PROBLEM_JSON);
        as(AttackTokens.forSession(userId, sid(real), Set.of("user")).valid())
                .get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void refreshTokenReplayIsUnauthorized() {
        String email = randomEmail();
        register(email);
        JsonPath login = loginTokens(email, PASSWORD);
        refresh(login.getString("refreshToken")).then().statusCode(200);
        refresh(login.getString("refreshToken")).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void tamperedTokenClaimingAdminCannotReachAdministration() {
        String email = randomEmail();
        register(email);
        String real = loginTokens(email, PASSWORD).getString("accessToken");
        AttackTokens attack = AttackTokens.forSession(sub(real), sid(real), Set.of("user"));
        as(attack.tampered()).get("/api/admin/users").then().statusCode(401).contentType(PROBLEM_JSON);
        as(attack.algNone()).get("/api/admin/users").then().statusCode(401).contentType(PROBLEM_JSON);
    }
}
