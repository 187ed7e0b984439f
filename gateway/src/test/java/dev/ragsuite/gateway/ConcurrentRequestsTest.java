package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    void aBurstOfAuthenticatedRequestsIsProxiedWithoutRefusals() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                String token = TestJwt.user("burst-" + UUID.randomUUID()); // one user each: no shared rate budget
                String ip = RateLimitTest.freshIp();
                calls.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return given().header("X-Forwarded-For", ip).auth().oauth2(token)
                            .get("/api/conversations").statusCode();
                }, pool));
            }
            start.countDown();
            Map<Integer, Long> statuses = new java.util.TreeMap<>();
            for (CompletableFuture<Integer> call : calls) {
                statuses.merge(call.get(60, TimeUnit.SECONDS), 1L, Long::sum);
            }
            assertEquals(Map.of(200, (long) BURST), statuses, "statuses of " + BURST + " concurrent requests");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
