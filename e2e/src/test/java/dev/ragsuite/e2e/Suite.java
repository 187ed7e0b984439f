package dev.ragsuite.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The suite under test, run through the real launcher: `./rag up` / `./rag down` with a state
 * folder, ports, a database and a Redis database of its own, so a suite a developer is running
 * on the default ports is never touched.
 */
final class Suite {

    /** Database, Redis database and state folder of the suite; overridable so two runs can coexist. */
    static final String DATABASE = System.getProperty("rag.e2e.database", "rag_e2e");
    static final String REDIS_DB = System.getProperty("rag.e2e.redis-db", "2");
    static final String REDIS_URL = "redis://127.0.0.1:6379/" + REDIS_DB;

    /**
     * Ingestion job timings for the whole suite: short enough that IngestResilienceIT sees a killed
     * worker's job reclaimed, and a job lost with Redis re-enqueued, within seconds rather than
     * minutes; long enough (lease renewed after every embedded batch) that a live worker is never
     * mistaken for a dead one. These reach the services through the launcher's environment. The
     * stale-after of a queued job's stream entry (and how often the reconciler looks) concern no live
     * worker: a queued job enqueued twice is harmless (claiming is a conditional update, and the
     * attempt is not counted), so they are short, and a job lost with Redis waits seconds, not 20.
     */
    static final Map<String, String> INGEST_JOB_TIMINGS = Map.of(
            "RAG_INGEST_JOBS_LEASE", "30S",
            "RAG_INGEST_JOBS_RECLAIM_IDLE", "20S",
            "RAG_INGEST_JOBS_RECLAIM_INTERVAL", "5S",
            "RAG_INGEST_JOBS_RECONCILE_INTERVAL", "2S",
            "RAG_INGEST_JOBS_STALE_AFTER", "6S");

    final Path root = Path.of(System.getProperty("rag.root", "..")).toAbsolutePath().normalize();
    final Path home = root.resolve(System.getProperty("rag.e2e.home", "e2e/target/rag-home"));
    /** First of the suite's five ports; {@code -Drag.e2e.port-base} pins it (two runs at once cannot race for 18080). */
    final int portBase = Integer.getInteger("rag.e2e.port-base", 0) > 0
            ? requireFree(Integer.getInteger("rag.e2e.port-base")) : freePortBase();
    final List<String> launcherOutput = new CopyOnWriteArrayList<>();
    /** What the launcher printed at the very first start (the one-time admin password appears only there). */
    final List<String> firstStartOutput = new ArrayList<>();
    /** Where the services export their spans (OTLP): started before the suite, read by TracingIT. */
    final OtlpReceiver traces = OtlpReceiver.start();
    /** ClickUp for the suite's ingest-service: a WireMock stand-in of ClickUp's API (RAG_CLICKUP_API_URL). */
    final dev.ragsuite.testing.ClickUpStandIn clickUp = dev.ragsuite.testing.ClickUpStandIn.start();
    /** Figures the end-to-end classes measured, written to e2e/target/e2e-report.txt at the end. */
    final List<String> report = new CopyOnWriteArrayList<>();

    String gatewayUrl() {
        return "http://127.0.0.1:" + portBase;
    }

    /** A service's own address, bypassing the gateway (as an attacker inside the network would). */
    String serviceUrl(String service) {
        int offset = switch (service) {
            case "gateway" -> 0;
            case "auth-service" -> 1;
            case "ingest-service" -> 2;
            case "vector-service" -> 3;
            case "chat-service" -> 4;
            default -> throw new IllegalArgumentException(service);
        };
        return "http://127.0.0.1:" + (portBase + offset);
    }

    /** The internal-call token `./rag up` generated for this suite. */
    String internalToken() {
        try {
            return Files.readString(home.resolve("secrets/internal-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh state folder and database, as on a first start. */
    void reset() {
        deleteRecursively(home);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must be running on 127.0.0.1:5432 (./rag test starts it)", e);
        }
    }

    void up() {
        try {
            launcher("up");
        } catch (RuntimeException e) {
            // a half-started suite must not outlive the run (JUnit never closes a suite that failed to start)
            try {
                launcher("down");
            } catch (RuntimeException stopFailed) {
                e.addSuppressed(stopFailed);
            }
            throw e;
        }
    }

    void down() {
        launcher("down");
    }

    /** Runs {@code ./rag <command> <args...>} with the suite's environment; fails unless it exits 0. */
    void launcher(String command, String... args) {
        List<String> argv = new ArrayList<>(List.of(root.resolve("rag").toString(), command));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("RAG_HOME", home.toString());
        env.put("RAG_PORT_BASE", Integer.toString(portBase));
        env.put("RAG_DB_NAME", DATABASE);
        env.put("RAG_REDIS_URL", REDIS_URL);
        env.put("RAG_SKIP_BUILD", "1");
        // no class-data archive (scripts/rag/jvm.sh): this suite's RAG_HOME is new each run, so the archive its
        // first start would record could never be used, and recording only costs CPU and time at every stop
        // (GracefulShutdownIT times the gateway's exit)
        env.put("RAG_CDS", "off");
        // every end-to-end client is 127.0.0.1: give the login budget room for the suite's logins
        env.put("RAG_GATEWAY_RATE_LIMIT_CLASSES_LOGIN_BURST", "200");
        // ... and the upload budget room for the resilience tests' documents
        env.put("RAG_GATEWAY_RATE_LIMIT_CLASSES_UPLOADS_BURST", "200");
        // ... and SecurityIT's forged, expired and revoked tokens room in the refused-credential budget
        env.put("RAG_GATEWAY_RATE_LIMIT_CLASSES_AUTH_FAILURES_BURST", "1000");
        // ... and the browser tests' deliberate wrong passwords (lockout, wrong current password) room below
        // auth-service's per-address lockout (20 refused logins in 15 min, and every client here is 127.0.0.1)
        env.put("RAG_AUTH_THROTTLE_IP_MAX_FAILURES", "1000");
        env.putAll(INGEST_JOB_TIMINGS);
        // URL imports may reach the test's stand-in site on localhost by name (127.0.0.1 itself stays refused)
        env.put("RAG_IMPORT_ALLOW", "localhost");
        env.putAll(traces.serviceEnv());
        env.put("RAG_CLICKUP_API_URL", clickUp.apiUrl());
        env.remove("OLLAMA_BASE_URL");
        env.remove("RAG_ADMIN_EMAIL");
        env.remove("RAG_ADMIN_PASSWORD");
        try {
            Process process = builder.start();
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                reader.lines().forEach(line -> {
                    System.out.println("[rag " + command + "] " + line);
                    launcherOutput.add(line);
                });
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./rag " + command + " did not finish within 5 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./rag " + command + " failed with exit code " + process.exitValue()
                        + "; service logs are in " + home.resolve("logs"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JDBC URL of the suite's database (the services' tables live in per-service schemas). */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    }

    /** The pid `./rag up` recorded for a service, or -1 when it has none. */
    long servicePid(String service) {
        Path file = home.resolve("run/" + service + ".pid");
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9 of one of the suite's services (no shutdown hook runs), waiting until it is gone. */
    void killService(String service) {
        long pid = servicePid(service);
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " is not running (pid " + pid + ")"));
        handle.destroyForcibly(); // SIGKILL on Linux
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(service + " (pid " + pid + ") did not die after SIGKILL", e);
        }
    }

    /**
     * SIGTERM to one of the suite's services (a graceful stop, as `./rag down` or Kubernetes sends),
     * waiting up to {@code within} for it to exit; returns how long it took. Fails (after a SIGKILL)
     * if it did not exit in time. `./rag up` starts it again.
     */
    Duration terminateService(String service, Duration within) {
        long pid = servicePid(service);
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " is not running (pid " + pid + ")"));
        long start = System.nanoTime();
        handle.destroy(); // SIGTERM on Linux
        try {
            handle.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
            throw new AssertionError(service + " (pid " + pid + ") did not exit within " + within + " of SIGTERM");
        } catch (Exception e) {
            throw new IllegalStateException(service + " (pid " + pid + ") could not be awaited", e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The environment `./rag up` gives ingest-service (the launcher's service_env), for starting
     * another replica of it by hand on the given HTTP port.
     */
    Map<String, String> ingestServiceEnv(int httpPort) {
        Map<String, String> env = new java.util.HashMap<>(INGEST_JOB_TIMINGS);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("RAG_DATA_DIR", home.resolve("data").toString());
        env.put("RAG_DB_HOST", "127.0.0.1");
        env.put("RAG_DB_PORT", "5432");
        env.put("RAG_DB_NAME", DATABASE);
        env.put("RAG_DB_USER", "rag");
        env.put("RAG_REDIS_URL", REDIS_URL);
        env.put("RAG_JWKS_URL", serviceUrl("auth-service") + "/api/auth/jwks");
        env.put("RAG_INTERNAL_TOKEN", internalToken());
        env.put("RAG_AUTH_URL", serviceUrl("auth-service"));
        env.put("RAG_INGEST_URL", serviceUrl("ingest-service"));
        env.put("RAG_VECTOR_URL", serviceUrl("vector-service"));
        env.put("RAG_CHAT_URL", serviceUrl("chat-service"));
        env.put("DJL_CACHE_DIR", home.resolve("cache/djl").toString());
        // the keyset ./rag up's ingest-service generated at first start (never generated by a replica)
        env.put("RAG_SECRETS_KEYSET_FILE", home.resolve("secrets/secrets-keyset.json").toString());
        env.put("RAG_CLICKUP_API_URL", clickUp.apiUrl());
        env.putAll(traces.serviceEnv());
        return env;
    }

    /**
     * Five consecutive free ports below the ephemeral range, from a random start, so two suites on
     * one machine (two checkouts, or a restart while another suite starts) do not pick the same ones.
     */
    private static int freePortBase() {
        int start = 18080 + 10 * java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 1300);
        for (int i = 0; i < 1300; i++) {
            int base = 18080 + (start - 18080 + 10 * i) % 13000;
            if (allFree(base, 5)) {
                return base;
            }
        }
        throw new IllegalStateException("no five consecutive free ports found");
    }

    private static int requireFree(int base) {
        if (!allFree(base, 5)) {
            throw new IllegalStateException("rag.e2e.port-base=" + base + ": ports " + base + "-" + (base + 4) + " are not all free");
        }
        return base;
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
