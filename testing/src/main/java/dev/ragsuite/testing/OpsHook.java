package dev.ragsuite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a service's operations hook (a POSIX sh script under the module's {@code ops/}, e.g.
 * {@code ops/after-restore.sh}) the way {@code rag-backup.sh} does, against the tests' real database and
 * Redis. A test whose hook needs a command the machine lacks is skipped with a printed {@code SKIPPED:} line.
 */
public final class OpsHook {

    /** The after-restore hook of the module under test, as {@code rag-backup.sh restore} runs it. */
    public static final Path AFTER_RESTORE = Path.of("ops/after-restore.sh");

    private OpsHook() {
    }

    /** Skips the calling test, saying so, unless every command is on the PATH. */
    public static void assumeCommands(String hook, String... commands) {
        for (String command : commands) {
            Assumptions.assumeTrue(onPath(command), () -> {
                String line = "SKIPPED: " + hook + " — the hook needs '" + command + "' on the PATH";
                System.out.println(line);
                return line;
            });
        }
    }

    /**
     * Runs {@code sh script} with the tests' PostgreSQL (PGHOST, PGPORT, PGUSER, PGDATABASE) and the running
     * test application's Redis ({@code quarkus.redis.hosts}, as RAG_REDIS_URL) in its environment; asserts it
     * exits 0 within a minute and returns what it printed.
     */
    public static String run(Path script) throws IOException, InterruptedException {
        String redisUrl = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PGHOST", System.getenv().getOrDefault("RAG_DB_HOST", "127.0.0.1"));
        env.put("PGPORT", System.getenv().getOrDefault("RAG_DB_PORT", "5432"));
        env.put("PGUSER", System.getenv().getOrDefault("RAG_DB_USER", "postgres"));
        env.put("PGDATABASE", RagTestEnvironment.DATABASE);
        env.put("RAG_REDIS_URL", redisUrl);
        Process process = pb.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish within 60 s");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), script + ": " + output);
        return output;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
