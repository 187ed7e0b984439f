package dev.ragsuite.ingest;

import dev.ragsuite.common.secrets.KeysetTool;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The secrets keyset of ingest's tests: a throwaway keyset in {@code target/test-data/secrets},
 * generated when missing (a fresh checkout or {@code mvn clean}). Connector tokens that earlier runs
 * left in the test database were encrypted under the keyset that went away with {@code target/}: when
 * the keyset is new they are dropped first, as the service would otherwise (rightly) refuse to start
 * with a keyset that cannot decrypt what is stored.
 */
public class SecretsTestKeyset implements QuarkusTestResourceLifecycleManager {

    public static final Path FILE = Path.of("target/test-data/secrets/keyset.json").toAbsolutePath();

    @Override
    public synchronized Map<String, String> start() {
        if (!Files.exists(FILE)) {
            dropStoredTokens();
            if (KeysetTool.run(new String[] { "generate", FILE.toString() }, System.out, System.err) != 0) {
                throw new IllegalStateException("could not generate the test keyset " + FILE);
            }
        }
        return Map.of("rag.secrets.keyset-file", FILE.toString(), "rag.secrets.generate-if-missing", "false");
    }

    private static void dropStoredTokens() {
        String url = "jdbc:postgresql://" + System.getenv().getOrDefault("RAG_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("RAG_DB_PORT", "5432") + "/" + RagTestEnvironment.DATABASE;
        Properties credentials = new Properties();
        credentials.setProperty("user", System.getenv().getOrDefault("RAG_DB_USER", "postgres"));
        try (Connection c = new Driver().connect(url, credentials); Statement s = c.createStatement()) {
            s.execute("delete from ingest.connectors");
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState()) && !"3D000".equals(e.getSQLState())) { // no table / no database yet: nothing stored
                throw new IllegalStateException("could not clear the test database's connectors: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void stop() {
        // the keyset stays for the next run, together with what the tests stored under it
    }
}
