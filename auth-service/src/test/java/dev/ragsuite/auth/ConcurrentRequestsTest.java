package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.testing.AllAtOnce;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every authenticated request checks the revocation denylist in Redis, so a burst of requests is a burst of
 * Redis commands: the shared Redis client's pool (common's defaults) must queue a burst of this size, not
 * refuse part of it (which fails closed, as 503s).
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ConcurrentRequestsTest {

    private static final int BURST = 120;

    @Test
    void aBurstOfAuthenticatedRequestsIsServedWithoutRefusals() {
        String token = AuthApi.loginTokens(AuthApi.ADMIN_EMAIL, AuthApi.ADMIN_PASSWORD).getString("accessToken");

        List<Response> responses = AllAtOnce.run(BURST, i -> as(token).get("/api/auth/me"));

        Map<Integer, Long> statuses = responses.stream()
                .collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
        assertEquals(Map.of(200, (long) BURST), statuses,
                () -> "statuses of " + BURST + " concurrent requests: " + statuses + "; first refusal: "
                        + responses.stream().filter(r -> r.statusCode() != 200).findFirst()
                                .map(Response::asString).orElse(""));
    }
}
