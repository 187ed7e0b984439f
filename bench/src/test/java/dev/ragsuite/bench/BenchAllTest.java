package dev.ragsuite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchAllTest {

    /** What wrk 4.1.0 --latency prints (Debian 12's wrk). */
    private static final String WRK = """
            Running 1s test @ http://127.0.0.1:19290/api/auth/jwks
              2 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   265.61us  285.44us   8.37ms   97.13%
                Req/Sec    18.43k     1.55k   20.56k    75.00%
              Latency Distribution
                 50%  220.00us
                 75%  276.00us
                 90%  348.00us
                 99%    1.72ms
              40284 requests in 1.10s, 12.06MB read
              Non-2xx or 3xx responses: 12
              Socket errors: connect 0, read 3, write 0, timeout 2
            Requests/sec:  36651.67
            Transfer/sec:     10.97MB
            """;

    @Test
    void readsWrkOutputInItsUnits() {
        LoadGen.Result r = BenchAll.parseWrk(WRK);
        assertEquals(36651.67, r.rps(), 1e-9);
        assertEquals(0.22, r.p50Ms(), 1e-9, "us are converted to ms");
        assertEquals(1.72, r.p99Ms(), 1e-9);
        assertEquals(40284, r.requests());
        assertEquals(12, r.non2xx());
        assertEquals(5, r.errors(), "connect + read + write + timeout");
        LoadGen.Result seconds = BenchAll.parseWrk(WRK.replace("1.72ms", "1.50s").replace("Non-2xx or 3xx responses: 12\n", ""));
        assertEquals(1500, seconds.p99Ms(), 1e-9);
        assertEquals(0, seconds.non2xx());
    }

    @Test
    void refusesWhatIsNotWrkOutput() {
        assertThrows(IllegalArgumentException.class, () -> BenchAll.parseWrk("unable to connect to 127.0.0.1:1 Connection refused"));
        assertThrows(IllegalArgumentException.class, () -> BenchAll.parseWrk(WRK.replace("99%    1.72ms", "")),
                "without --latency there is no p99");
    }

    @Test
    void reportHasTheIssuesShapeAndSaysWhatWasNotMeasured() {
        Properties r = new Properties();
        r.setProperty("p1.measured", "true");
        r.setProperty("p1.rounds", "2");
        for (int i = 1; i <= 2; i++) {
            r.setProperty("p1.gateway." + i + ".rps", i == 1 ? "4000" : "6000");
            r.setProperty("p1.gateway." + i + ".p50Ms", "2");
            r.setProperty("p1.gateway." + i + ".p99Ms", "5");
            r.setProperty("p1.nginx." + i + ".rps", "10000");
            r.setProperty("p1.nginx." + i + ".p50Ms", "1");
            r.setProperty("p1.nginx." + i + ".p99Ms", "2");
        }
        r.setProperty("p1.warmup.windows", "1100 4900 8000 8200 8300 8250");
        r.setProperty("p1.warmup.seconds", "60");
        r.setProperty("p1.warmup.steady", "true");
        r.setProperty("p2.files", "3");
        r.setProperty("p2.bare.chunks", "100");
        r.setProperty("p2.bareChunksPerS", "200");
        r.setProperty("p2.suite.chunks", "98");
        r.setProperty("p2.suiteChunksPerS", "150");
        r.setProperty("p5.reason", "quick pass: no suite is started");
        List<String> table = new ArrayList<>();
        JsonNode json = BenchAll.figures(r, table);

        assertEquals(5000, json.at("/p1/gatewayRps").asDouble(), 1e-9, "the median of two rounds: their mean");
        assertEquals(10000, json.at("/p1/nginxRps").asDouble(), 1e-9);
        assertEquals(0.5, json.at("/p1/ratio").asDouble(), 1e-9);
        assertEquals(3, json.at("/p1/addedP99Ms").asDouble(), 1e-9);
        assertEquals(150, json.at("/p2/suiteChunksPerS").asDouble(), 1e-9);
        assertEquals(200, json.at("/p2/bareChunksPerS").asDouble(), 1e-9);
        assertEquals(0.75, json.at("/p2/ratio").asDouble(), 1e-9);
        assertFalse(json.at("/p3/measured").asBoolean(true), "P3 recorded nothing, so it says so");
        assertEquals(2, json.path("p3").size(), "p3 carries no figures");
        assertFalse(json.at("/p4/measured").asBoolean(true), "P4 without figures");
        assertEquals("not measured", json.at("/p4/reason").asText());
        assertFalse(json.at("/p5/measured").asBoolean(true));
        assertEquals("quick pass: no suite is started", json.at("/p5/reason").asText());
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P4") && l.contains("NOT MEASURED: not measured")), String.join("\n", table));
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P1") && l.contains("0.50x")), String.join("\n", table));
        assertEquals(60, json.at("/p1/warmupS").asInt());
        assertTrue(json.at("/p1/warmupSteady").asBoolean(false));
        assertTrue(table.contains("P1   warm-up of the gateway (60 s, steady): requests/s per 10 s window: 1100 4900 8000 8200 8300 8250"),
                String.join("\n", table));
    }

    @Test
    void medianOfTheRoundsIgnoresOneDisturbedRound() {
        Properties r = new Properties();
        String[] rps = {"400", "2400", "2600"};
        for (int i = 1; i <= 3; i++) {
            r.setProperty("p1.gateway." + i + ".rps", rps[i - 1]);
        }
        assertEquals(2400, BenchAll.median(r, "p1.gateway", "rps", 3), 1e-9);
    }

    @Test
    void p5FiguresPerServiceAndTogether() {
        Properties r = p5Measured();
        JsonNode json = BenchAll.figures(r, new ArrayList<>());
        assertEquals(5, json.at("/p5/services").size());
        assertEquals(2.5, json.at("/p5/services/gateway/readyS").asDouble(), 1e-9);
        assertEquals(200, json.at("/p5/services/vector-service/idleRssMb").asDouble(), 1e-9);
        assertEquals(12, json.at("/p5/allReadyS").asDouble(), 1e-9);
        assertFalse(json.at("/p1/measured").asBoolean(true), "P1 was not recorded, so it says so");
        assertTrue(json.at("/p5/services/gateway/readyCpuS").isMissingNode(), "no CPU time recorded, none reported");
    }

    @Test
    void p5IdleRssCountsChildProcessesAndSaysHowMuch() {
        Properties r = p5Measured();
        for (String svc : BenchAll.SERVICES) {
            r.setProperty("p5." + svc + ".childRssKb", "0");
        }
        r.setProperty("p5.ingest-service.idleRssKb", "409600"); // tools.sh: the JVM and its parser JVM, summed
        r.setProperty("p5.ingest-service.childRssKb", "153600");
        List<String> table = new ArrayList<>();
        JsonNode json = BenchAll.figures(r, table);
        assertEquals(400, json.at("/p5/services/ingest-service/idleRssMb").asDouble(), 1e-9);
        assertEquals(150, json.at("/p5/services/ingest-service/childRssMb").asDouble(), 1e-9);
        assertEquals(0, json.at("/p5/services/gateway/childRssMb").asDouble(), 1e-9);
        assertEquals(1200, json.at("/p5/idleRssMbTotal").asDouble(), 1e-9);
        assertTrue(table.stream().anyMatch(l -> l.contains("ingest-service idle RSS") && l.contains("400 MB")
                && l.contains("1.60x") && l.contains("150 MB of it its child processes")), String.join("\n", table));
        assertTrue(table.stream().noneMatch(l -> l.contains("gateway idle RSS") && l.contains("child")), String.join("\n", table));
    }

    @Test
    void p5CpuTimeWhenRecordedAndTheJvmLine() {
        Properties r = p5Measured();
        for (String svc : BenchAll.SERVICES) {
            r.setProperty("p5." + svc + ".readyCpuMs", "3250");
        }
        r.setProperty("p5.allReadyCpuMs", "41500");
        r.setProperty("p5.jvm", "java 17.0.15 (/usr/bin/java), -XX:+UseSerialGC, class-data archive: AppCDS (dynamic archive)");
        List<String> table = new ArrayList<>();
        JsonNode json = BenchAll.figures(r, table);
        assertEquals(3.25, json.at("/p5/services/auth-service/readyCpuS").asDouble(), 1e-9);
        assertEquals(41.5, json.at("/p5/allReadyCpuS").asDouble(), 1e-9);
        assertTrue(json.at("/p5/jvm").asText().contains("AppCDS"), json.toString());
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P5") && l.contains("gateway CPU time used by ready") && l.contains("3.3 s")),
                String.join("\n", table));
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P5") && l.contains("JVM") && l.contains("-XX:+UseSerialGC")),
                String.join("\n", table));
    }

    /** P5 recorded for every service: ready in 2.5 s alone, 200 MB idle, all five in 12 s. */
    private static Properties p5Measured() {
        Properties r = new Properties();
        r.setProperty("p5.measured", "true");
        for (String svc : BenchAll.SERVICES) {
            r.setProperty("p5." + svc + ".readyMs", "2500");
            r.setProperty("p5." + svc + ".idleRssKb", "204800");
        }
        r.setProperty("p5.allReadyMs", "12000");
        return r;
    }

    @Test
    void loadGeneratorCountsRequestsAndBadAnswers() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/limited", exchange -> {
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            LoadGen.Result ok = LoadGen.run(base + "/ok", 2, 1.0);
            // a loaded machine may serve only a few, but each connection sends at least one
            assertTrue(ok.requests() >= 2, "requests: " + ok.requests());
            assertEquals(0, ok.non2xx());
            assertEquals(0, ok.errors());
            assertTrue(ok.rps() > 0 && ok.p50Ms() > 0 && ok.p99Ms() >= ok.p50Ms(), ok.toString());
            LoadGen.Result limited = LoadGen.run(base + "/limited", 2, 0.5);
            assertTrue(limited.requests() >= 2, "requests: " + limited.requests());
            assertEquals(limited.requests(), limited.non2xx(), "every 429 is counted");
        } finally {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
