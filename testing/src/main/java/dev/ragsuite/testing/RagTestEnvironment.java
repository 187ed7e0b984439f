package dev.ragsuite.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Prepares what a data service's @QuarkusTest needs from the machine: the test database on the
 * local PostgreSQL (created if missing), plus the test keys and internal-call token of
 * {@link TestSecurityEnvironment}. PostgreSQL and Redis themselves are real and must be running
 * (`./rag test` starts them).
 */
public class RagTestEnvironment extends TestSecurityEnvironment {

    /** The tests' database; {@code RAG_TEST_DB_NAME} gives two checkouts on one machine one each. */
    public static final String DATABASE = System.getenv().getOrDefault("RAG_TEST_DB_NAME", "rag_test");

    @Override
    public Map<String, String> start() {
        ensureDatabase();
        return super.start();
    }

    static void ensureDatabase() {
        String host = System.getenv().getOrDefault("RAG_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("RAG_DB_PORT", "5432");
        String user = System.getenv().getOrDefault("RAG_DB_USER", "postgres");
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        String password = System.getenv("RAG_DB_PASSWORD");
        if (password != null) {
            credentials.setProperty("password", password);
        }
        // The driver directly, not DriverManager: after a @TestProfile restart this class lives in a new
        // class loader, and DriverManager refuses the driver it registered from the first one.
        try (Connection c = new Driver().connect(url, credentials);
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently by another module: fine
                throw new IllegalStateException("PostgreSQL is not reachable at " + url
                        + " (start it, or run ./rag test which does): " + e.getMessage(), e);
            }
        }
    }
}
