package dev.ragsuite.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways (target/quarkus-app/quarkus-run.jar, separate JVMs, random ports) share
 * one Redis: a burst split across both is held to one combined budget, not one per replica.
 */
class TwoGatewaysIT {

    private static final int BURST = 20;
    private static final int PER_MINUTE = 6; // one more request every 10 s
    private static final int REQUESTS = 120;
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private static Vertx vertx;
    private static final List<Process> gateways = new ArrayList<>();
    private static final List<URI> bases = new ArrayList<>();

    @BeforeAll
    static void startTwoGateways() throws Exception {
        vertx = Vertx.vertx();
        HttpServer upstream = vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(b -> req.response().putHeader("Content-Type", "application/json").end("{}")));
        upstream.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String upstreamUrl = "http://127.0.0.1:" + upstream.actualPort();
        String keyPrefix = "rag:gateway:rl:it-" + UUID.randomUUID() + ":";
        Path app = Path.of(System.getProperty("gateway.app.dir", "target/quarkus-app"), "quarkus-run.jar");
        assertTrue(Files.exists(app), "packaged gateway missing: " + app + " (run mvn verify)");
        String redis = System.getenv().getOrDefault("RAG_TEST_REDIS_URL", "redis://127.0.0.1:6379/1");
        for (int i = 0; i < 2; i++) {
            Path log = Path.of("target", "two-gateways-" + i + ".log");
            Files.deleteIfExists(log);
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.log.console.json.enabled=false",
                    "-Dquarkus.redis.hosts=" + redis,
                    "-Dmp.jwt.verify.publickey.location=" + TestKeys.jwksFile().toUri(),
                    "-Drag.internal.token=" + RagTestEnvironment.INTERNAL_TOKEN,
                    "-Drag.gateway.routes.auth.target=" + upstreamUrl,
                    "-Drag.gateway.routes.uploads.target=" + upstreamUrl,
                    "-Drag.gateway.routes.chat.target=" + upstreamUrl,
                    "-Drag.gateway.trusted-proxies=127.0.0.1/32",
                    "-Drag.gateway.rate-limit.key-prefix=" + keyPrefix,
                    // This test is about sharing one budget, not about the fallback (RedisDownTest): cold
                    // C1-only JVMs on a loaded 2-core CI machine opening their Redis pool under a burst can
                    // exceed the production 200 ms, which would switch a gateway to per-instance limits.
                    "-Drag.gateway.rate-limit.redis-timeout=2s",
                    "-Drag.gateway.rate-limit.classes.login.limit=" + PER_MINUTE,
                    "-Drag.gateway.rate-limit.classes.login.period=1M",
                    "-Drag.gateway.rate-limit.classes.login.burst=" + BURST,
                    "-jar", app.toString());
            gateways.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < 2; i++) {
            bases.add(URI.create("http://127.0.0.1:" + awaitPort(gateways.get(i), Path.of("target", "two-gateways-" + i + ".log"))));
        }
    }

    private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited during startup:\n" + text);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gateway did not start within 90 s; see " + log);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : gateways) {
            p.destroy();
        }
        for (Process p : gateways) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI base, String path, String ip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (ip != null) {
            request.header("X-Forwarded-For", ip).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(HttpClient client, URI base, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$").matcher(send(client, base, "/q/metrics", null).body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * Cold JVMs first: until both gateways decide through Redis (not their local fallback), warm them
     * up, sequentially and then with concurrent requests that open the Redis connection pools.
     */
    private static void warmUp(HttpClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int n = 0; n < 64; n++) {
                URI base = bases.get(n % 2);
                String ip = "203.0.113." + (1 + n);
                calls.add(pool.submit(() -> send(client, base, "/api/auth/login", ip)));
            }
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int rounds = 0;
        while (System.nanoTime() < deadline) {
            for (URI base : bases) {
                send(client, base, "/api/auth/login", "192.0.2." + (1 + rounds % 250));
            }
            rounds++;
            if (rounds >= 10 && metric(client, bases.get(0), "rag_gateway_ratelimit_local_mode") == 0
                    && metric(client, bases.get(1), "rag_gateway_ratelimit_local_mode") == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateways did not reach Redis within 30 s");
    }

    @Test
    void twoGatewaysSharingOneRedisEnforceOneCombinedLimit() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        warmUp(client);
        double localBefore = metric(client, bases.get(0), "rag_gateway_ratelimit_local_decisions_total")
                + metric(client, bases.get(1), "rag_gateway_ratelimit_local_decisions_total");
        String ip = "198.51.100." + (1 + (int) (Math.random() * 250));
        AtomicInteger[] allowed = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger[] limited = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger other = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        List<Future<?>> calls = new ArrayList<>();
        for (int n = 0; n < REQUESTS; n++) {
            int which = n % 2;
            calls.add(pool.submit(() -> {
                HttpResponse<String> response = send(client, bases.get(which), "/api/auth/login", ip);
                if (response.statusCode() == 200) {
                    allowed[which].incrementAndGet();
                } else if (response.statusCode() == 429) {
                    assertTrue(response.headers().firstValue("Retry-After").isPresent(), "429 without Retry-After");
                    assertEquals("0", response.headers().firstValue("RateLimit-Remaining").orElse(null));
                    limited[which].incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get(60, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double localDuringBurst = metric(client, bases.get(0), "rag_gateway_ratelimit_local_decisions_total")
                + metric(client, bases.get(1), "rag_gateway_ratelimit_local_decisions_total") - localBefore;

        int total = allowed[0].get() + allowed[1].get();
        double refill = seconds * PER_MINUTE / 60.0;
        int ceiling = BURST + (int) Math.ceil(refill);
        System.out.printf("TWO-GATEWAY RATE LIMIT: %d requests in %.2f s split across 2 gateways -> allowed %d "
                + "(gateway A %d, gateway B %d), limited %d; configured burst %d + %d/min (%.2f refilled) = at most %d; "
                + "without sharing it would be up to %d; decisions taken locally during the burst: %.0f%n",
                REQUESTS, seconds, total, allowed[0].get(), allowed[1].get(), limited[0].get() + limited[1].get(),
                BURST, PER_MINUTE, refill, ceiling, 2 * BURST, localDuringBurst);
        assertEquals(0, localDuringBurst, "every burst decision went through the shared Redis");
        assertEquals(0, other.get(), "only 200 and 429 expected");
        assertTrue(total >= BURST && total <= ceiling, "allowed " + total + ", configured " + BURST + ".." + ceiling);
        assertTrue(allowed[0].get() > 0 && allowed[1].get() > 0, "both gateways served part of the budget");
        assertTrue(limited[0].get() > 0 && limited[1].get() > 0, "both gateways enforced the shared limit");
    }
}
