package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.as;
import static dev.ragsuite.auth.AuthApi.count;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.register;
import static dev.ragsuite.auth.AuthApi.sid;
import static dev.ragsuite.auth.AuthApi.statuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.testing.AllAtOnce;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
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
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Check-then-act paths hit by two requests at once: refresh-token rotation and the last-admin rule. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RaceTest {

    private static final String USERS = "/api/admin/users";

    @Inject
    RedisDataSource redis;

    @Inject
    UserRepository users;

    @Test
    void twoRefreshesWithOneTokenAtOnceRotateOnceAndEndTheSession() {
        String email = randomEmail();
        register(email);
        String refreshToken = loginTokens(email, PASSWORD).getString("refreshToken");

        List<Response> responses = AllAtOnce.run(2, i -> AuthApi.refresh(refreshToken));

        List<Integer> statuses = statuses(responses);
        assertEquals(1, count(statuses, 200), "exactly one refresh rotates: " + statuses);
        assertEquals(1, count(statuses, 401), "the other is refused: " + statuses);
        // as designed, a second use of one refresh token (a copy exists) ends the whole session
        Response rotated = responses.get(statuses.indexOf(200));
        String sid = sid(rotated.path("accessToken"));
        assertTrue(redis.key().exists("rag:auth:revoked:" + sid), "the session is denylisted");
        AuthApi.refresh(rotated.path("refreshToken")).then().statusCode(401);
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Throwable {
        raceBetweenTwoLastAdmins((token, other) -> as(token).contentType(ContentType.JSON)
                .body(Map.of("role", "user")).post(USERS + "/" + other + "/role"));
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneAdmin() throws Throwable {
        raceBetweenTwoLastAdmins((token, other) -> as(token).post(USERS + "/" + other + "/disable"));
    }

    /** Makes A and B the only enabled admins (others are disabled for the test), then lets each act on the other at once. */
    private void raceBetweenTwoLastAdmins(BiFunction<String, String, Response> action) throws Throwable {
        String first = AuthApi.login(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD);
        String[] emails = { randomEmail(), randomEmail() };
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            ids[i] = as(first).contentType(ContentType.JSON)
                    .body(Map.of("email", emails[i], "password", PASSWORD, "displayName", "Admin " + i, "role", "admin"))
                    .post(USERS).then().statusCode(201).extract().path("id");
        }
        String[] tokens = { loginTokens(emails[0], PASSWORD).getString("accessToken"),
                loginTokens(emails[1], PASSWORD).getString("accessToken") };
        List<UUID> pair = List.of(UUID.fromString(ids[0]), UUID.fromString(ids[1]));
        List<UUID> others = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> users.lockEnabledAdmins().map(admins -> admins.stream().map(u -> u.id).filter(id -> !pair.contains(id)).toList())
                        .call(ids1 -> users.update("disabled = true where id in ?1", ids1))));
        try {
            List<Integer> statuses = statuses(AllAtOnce.run(2, i -> action.apply(tokens[i], ids[1 - i])));

            long enabledAdmins = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> users.count("role = ?1 and disabled = false and id in ?2", Role.ADMIN, pair)));
            assertEquals(1, enabledAdmins, "one of the two stays an enabled admin; answers " + statuses);
            assertEquals(1, count(statuses, 200), "one action wins: " + statuses);
        } finally {
            // leave no extra enabled admin behind, and give the others back
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> users.update("disabled = true where id in ?1", pair)
                            .call(() -> users.update("disabled = false where id in ?1", others))));
        }
    }
}
