package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.PROBLEM_JSON;
import static dev.ragsuite.auth.AuthApi.login;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.auth.audit.AuthEvents;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AuthResourceTest {

    @Inject
    RedisDataSource redis;

    @Inject
    UserRepository users;

    @BeforeEach
    void forgetLoopbackFailures() {
        AuthApi.clearLoopbackThrottle(redis);
    }

    @Test
    void registerLoginMeLogoutRevokesTheTokenEverywhere() {
        String email = randomEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "  " + email.toUpperCase() + " ", "password", PASSWORD, "displayName", " Ada "))
                .when().post("/api/auth/register")
                .then().statusCode(201)
                .body("email", equalTo(email))
                .body("displayName", equalTo("Ada"))
                .body("role", equalTo("user"))
                .body("id", nullValue())
                .body("password", nullValue())
                .body("passwordHash", nullValue());

        Response loginResponse = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .when().post("/api/auth/login");
        loginResponse.then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("refreshToken", notNullValue())
                .body("expiresIn", equalTo(900));
        String token = loginResponse.path("accessToken");
        String sid = AuthApi.payload(token).get("sid").asText();

        given().auth().oauth2(token)
                .when().get("/api/auth/me")
                .then().statusCode(200)
                .body("email", equalTo(email))
                .body("displayName", equalTo("Ada"))
                .body("role", equalTo("user"))
                .body("sessionId", equalTo(sid));

        given().auth().oauth2(token)
                .when().post("/api/auth/logout")
                .then().statusCode(204);

        String revokedKey = "rag:auth:revoked:" + sid;
        assertTrue(redis.key().exists(revokedKey), "revoked-session key written");
        long ttl = redis.key().ttl(revokedKey);
        // the token's 15 minutes plus the 60 s clock skew verifiers allow past exp, then it goes
        assertTrue(ttl > 900 && ttl <= 960, "revoked-session key outlives the token, ttl=" + ttl);

        List<StreamMessage<String, String, String>> events =
                redis.stream(String.class).xrevrange(AuthEvents.STREAM, StreamRange.of("+", "-"), 200);
        Map<String, String> event = events.stream()
                .map(StreamMessage::payload)
                .filter(fields -> sid.equals(fields.get("sessionId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no logout event for " + sid));
        assertEquals("logout", event.get("type"));
        assertEquals(AuthApi.payload(token).get("sub").asText(), event.get("userId"));
        assertTrue(event.containsKey("at"));

        given().auth().oauth2(token)
                .when().get("/api/auth/me")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(401));
    }

    @Test
    void accessTokenHasTheAgreedClaims() {
        String email = randomEmail();
        String userId = register(email);
        String token = login(email, PASSWORD);

        JsonNode header = AuthApi.header(token);
        JsonNode claims = AuthApi.payload(token);
        assertEquals("RS256", header.get("alg").asText());
        assertTrue(!header.get("kid").asText().isBlank());
        assertEquals("rag-suite", claims.get("iss").asText());
        assertEquals(userId, claims.get("sub").asText());
        assertEquals(email, claims.get("upn").asText());
        assertEquals(1, claims.get("groups").size());
        assertEquals("user", claims.get("groups").get(0).asText());
        UUID.fromString(claims.get("sid").asText());
        UUID.fromString(claims.get("jti").asText());
        assertEquals(900L, claims.get("exp").asLong() - claims.get("iat").asLong());
    }

    @Test
    void jwksPublishesThePublicSigningKeyOnly() {
        String email = randomEmail();
        register(email);
        String kid = AuthApi.header(login(email, PASSWORD)).get("kid").asText();

        given().when().get("/api/auth/jwks")
                .then().statusCode(200)
                .header("Cache-Control", "max-age=300")
                .body("keys", hasSize(1))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].kid", equalTo(kid))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].n", notNullValue())
                .body("keys[0].e", notNullValue())
                .body("keys[0].d", nullValue())
                .body("keys[0].p", nullValue())
                .body("keys[0].q", nullValue())
                .body("keys[0].dp", nullValue())
                .body("keys[0].dq", nullValue())
                .body("keys[0].qi", nullValue());
    }

    @Test
    void aNulCharacterInJsonTextNeverReachesTheDatabase() {
        // PostgreSQL cannot store U+0000 in text: the fuzzer's login with one in the e-mail answered 500
        given().contentType(ContentType.JSON).body("{\"email\":\"a\\u0000b@example.com\",\"password\":\"whatever it is 1\"}")
                .post("/api/auth/login").then().statusCode(401).contentType("application/problem+json");
        // read as U+FFFD: the same password with a NUL registers and then logs in
        String email = randomEmail();
        String password = "pass\\u0000word long enough";
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"displayName\":\"N\"}")
                .post("/api/auth/register").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .post("/api/auth/login").then().statusCode(200);
    }

    @Test
    void registeringATakenEmailAnswersAsForAFreeOneAndChangesNothing() {
        String taken = randomEmail();
        register(taken);
        String free = randomEmail();

        Response forTaken = registerAttempt(taken.toUpperCase(), "another long passphrase", "Again");
        Response forFree = registerAttempt(free, "another long passphrase", "Again");

        forTaken.then().statusCode(201).contentType(ContentType.JSON).body("id", nullValue());
        forFree.then().statusCode(201).contentType(ContentType.JSON).body("id", nullValue());
        assertEquals(forFree.asString().replace(free, "E"), forTaken.asString().replace(taken, "E"),
                "the answer must not tell a taken address from a free one");
        // the existing account is untouched: its password still works, the new one does not
        AuthApi.loginFrom(AuthApi.randomIp(), taken, PASSWORD).then().statusCode(200);
        AuthApi.loginFrom(AuthApi.randomIp(), taken, "another long passphrase").then().statusCode(401);
        AuthApi.loginFrom(AuthApi.randomIp(), free, "another long passphrase").then().statusCode(200);
    }

    private static Response registerAttempt(String email, String password, String displayName) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "displayName", displayName))
                .when().post("/api/auth/register");
    }

    @Test
    void shortPasswordIsRejectedWithAFieldError() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", "short", "displayName", "Bob"))
                .when().post("/api/auth/register")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("password"))
                .body("errors.find { it.field == 'password' }.message", containsString("72"));
    }

    @Test
    void passwordOverTheBcryptLimitIsRejected() {
        // 25 three-byte characters: 25 chars, 75 bytes
        given().contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", "€".repeat(25), "displayName", "Bob"))
                .when().post("/api/auth/register")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("password"));
    }

    @Test
    void invalidEmailIsRejected() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", PASSWORD, "displayName", "Bob"))
                .when().post("/api/auth/register")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("email"));
    }

    @Test
    void displayNameWithControlCharactersIsRejected() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", PASSWORD, "displayName", "Bob\u0007"))
                .when().post("/api/auth/register")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("displayName"));
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().contentType(ContentType.JSON)
                .body("{\"email\": \"a@b.test\", \"password\": ")
                .when().post("/api/auth/register")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400));
    }

    @Test
    void missingBodyIsABadRequestProblem() {
        given().contentType(ContentType.JSON)
                .when().post("/api/auth/login")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        String email = randomEmail();
        register(email);

        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", PASSWORD))
                .when().post("/api/auth/login")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .body("detail", equalTo("Invalid email or password."))
                .extract().asString();
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD + "!"))
                .when().post("/api/auth/login")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .extract().asString();

        assertEquals(unknown, wrongPassword);
    }

    @Test
    void disabledUserGetsTheSameAnswerAndLosesAccess() throws Throwable {
        String email = randomEmail();
        register(email);
        String token = login(email, PASSWORD);
        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("email", randomEmail(), "password", PASSWORD))
                .when().post("/api/auth/login")
                .then().statusCode(401)
                .extract().asString();

        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> users.update("disabled = true where email = ?1", email)));

        String disabled = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .when().post("/api/auth/login")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .extract().asString();
        assertEquals(unknown, disabled);
        given().auth().oauth2(token)
                .when().get("/api/auth/me")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void loginsAndRegistrationsAreCounted() {
        String email = randomEmail();
        register(email);
        login(email, PASSWORD);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "wrong password!"))
                .when().post("/api/auth/login")
                .then().statusCode(401);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("rag_auth_logins_total{outcome=\"success\""))
                .body(containsString("rag_auth_logins_total{outcome=\"failure\",reason=\"bad_password\""))
                .body(containsString("rag_auth_registrations_total{outcome=\"created\""));
    }

    @Test
    void passwordSharingTheFirst72BytesDoesNotLogIn() {
        String email = randomEmail();
        String password = "p".repeat(72);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "displayName", "Long"))
                .when().post("/api/auth/register")
                .then().statusCode(201);

        login(email, password);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password + "extra"))
                .when().post("/api/auth/login")
                .then().statusCode(401);
    }

    @Test
    void meNeedsAValidToken() {
        given().when().get("/api/auth/me")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON);

        String email = randomEmail();
        String userId = register(email);
        given().auth().oauth2(TestJwt.forged(userId))
                .when().get("/api/auth/me")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void meRejectsATokenWhoseSessionThisServiceNeverOpened() {
        String userId = register(randomEmail());
        given().auth().oauth2(TestJwt.user(userId))
                .when().get("/api/auth/me")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void logoutNeedsAToken() {
        given().when().post("/api/auth/logout")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("status", is(401));
    }
}
