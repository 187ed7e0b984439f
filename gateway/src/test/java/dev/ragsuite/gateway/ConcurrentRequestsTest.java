package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.testing.AllAtOnce;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway checks every bearer token's session against the Redis denylist: a burst of requests from many
 * users at once must be proxied, not partly refused because the Redis client's waiting queue overflowed
 * (which fails closed as 503: before common's pool settings, 96 of 120 such requests were refused).
 */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class ConcurrentRequestsTest {

    private static final int BURST = 120;

    @Test
    void aBurstOfAuthenticatedRequestsIsProxiedWithoutRefusals() {
        List<String> tokens = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            tokens.add(TestJwt.user("burst-" + UUID.randomUUID())); // one user each: no shared rate budget
            ips.add(RateLimitTest.freshIp());
        }

        List<Integer> statuses = AllAtOnce.run(BURST, i -> given().header("X-Forwarded-For", ips.get(i))
                .auth().oauth2(tokens.get(i)).get("/api/conversations").statusCode());

        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach(status -> counts.merge(status, 1L, Long::sum));
        assertEquals(Map.of(200, (long) BURST), counts, "statuses of " + BURST + " concurrent requests");
    }
}
