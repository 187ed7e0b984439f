package dev.ragsuite.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Prepares what a service's @QuarkusTest needs from the machine: the test database on the local
 * PostgreSQL (created if missing), a throwaway JWT key pair, and an internal-call token.
 * PostgreSQL and Redis themselves are real and must be running (`./rag test` starts them).
 * Services verify tokens against a JWKS file holding the test key under its thumbprint {@code kid},
 * so tokens from {@link TestJwt} pass and {@link AttackTokens} with an unknown {@code kid} fail.
 */
public class RagTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "rag_test";
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

    @Override
    public Map<String, String> start() {
        ensureDatabase();
        return Map.of(
                "mp.jwt.verify.publickey.location", TestKeys.jwksFile().toUri().toString(),
                "rag.internal.token", INTERNAL_TOKEN);
    }

    @Override
    public void stop() {
        // the database and keys are reused by the next test class and run; nothing to release
    }

    static void ensureDatabase() {
        String host = System.getenv().getOrDefault("RAG_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("RAG_DB_PORT", "5432");
        String user = System.getenv().getOrDefault("RAG_DB_USER", "postgres");
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, System.getenv("RAG_DB_PASSWORD"));
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
