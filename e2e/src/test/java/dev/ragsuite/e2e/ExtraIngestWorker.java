package dev.ragsuite.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second ingest-service replica in worker-only mode ({@code RAG_INGEST_API_ENABLED=false}),
 * started by hand from the packaged jar with the environment `./rag up` gives the suite's own
 * ingest-service, so it competes for the same stream, database and vector index — a separate
 * process the resilience test can {@code kill -9} in the middle of a document.
 */
final class ExtraIngestWorker implements AutoCloseable {

    private final Suite suite;
    private final String name;
    private final int port = freePort();
    private final Map<String, String> settings = new HashMap<>();
    private Process process;

    ExtraIngestWorker(Suite suite, String name) {
        this.suite = suite;
        this.name = name;
    }

    /** An environment variable of its own on top of the suite's (e.g. a shorter shutdown grace); before start. */
    ExtraIngestWorker with(String variable, String value) {
        settings.put(variable, value);
        return this;
    }

    /** Starts the JVM and waits until its readiness check answers UP. */
    ExtraIngestWorker start() {
        launch();
        awaitReady();
        return this;
    }

    /** Starts the JVM without waiting (so it can boot while something else does). */
    ExtraIngestWorker launch() {
        Path jar = suite.root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw install -DskipTests)");
        }
        Path log = suite.home.resolve("logs/" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + suite.home.resolve("tmp"), "-jar", jar.toString())
                .directory(suite.root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(suite.ingestServiceEnv(port));
        builder.environment().put("RAG_INGEST_API_ENABLED", "false");
        builder.environment().putAll(settings);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until the readiness check answers UP (fails if the JVM exits or 240 s pass). */
    void awaitReady() {
        awaitReady(Duration.ofSeconds(240), suite.home.resolve("logs/" + name + ".log"));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** kill -9: no shutdown hook, no graceful release of the job it holds. */
    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    /**
     * SIGTERM, then waits up to {@code within} for the JVM to exit (killing it and failing if it does
     * not); returns how long it took.
     */
    Duration terminate(Duration within) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy(); // SIGTERM on Linux: Quarkus shuts down gracefully
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not exit within " + within + " of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Its log file. */
    Path log() {
        return suite.home.resolve("logs/" + name + ".log");
    }

    /** Graceful stop (SIGTERM), forced after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitReady(Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up (exit " + process.exitValue()
                        + "); see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
