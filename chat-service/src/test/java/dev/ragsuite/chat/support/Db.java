package dev.ragsuite.chat.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads what the service wrote, straight from the test database, to check it behind the API's back. */
public final class Db {

    private Db() {
    }

    /** The rating and comment stored for a message, or an empty list. */
    public static List<String> feedback(UUID messageId) {
        String sql = "select rating, comment from chat.feedback where message_id = ?";
        try (Connection c = DriverManager.getConnection(url(), System.getenv().getOrDefault("RAG_DB_USER", "postgres"),
                System.getenv("RAG_DB_PASSWORD"));
                PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, messageId);
            try (ResultSet rs = statement.executeQuery()) {
                List<String> row = new ArrayList<>();
                if (rs.next()) {
                    row.add(rs.getString(1));
                    row.add(rs.getString(2));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many feedback rows, messages or conversations exist with this owner. */
    public static long countOwned(String table, String ownerId) {
        if (!List.of("conversations", "messages", "feedback").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        try (Connection c = DriverManager.getConnection(url(), System.getenv().getOrDefault("RAG_DB_USER", "postgres"),
                System.getenv("RAG_DB_PASSWORD"));
                PreparedStatement statement = c.prepareStatement("select count(*) from chat." + table + " where owner_id = ?")) {
            statement.setString(1, ownerId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs statements (test data set-up) in one transaction; returns the rows each changed. */
    public static int[] execute(String... statements) {
        try (Connection c = DriverManager.getConnection(url(), System.getenv().getOrDefault("RAG_DB_USER", "postgres"),
                System.getenv("RAG_DB_PASSWORD"))) {
            c.setAutoCommit(false);
            int[] changed = new int[statements.length];
            try (var statement = c.createStatement()) {
                for (int i = 0; i < statements.length; i++) {
                    changed[i] = statement.executeUpdate(statements[i]);
                }
            }
            c.commit();
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String url() {
        return "jdbc:postgresql://" + System.getenv().getOrDefault("RAG_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("RAG_DB_PORT", "5432") + "/"
                + dev.ragsuite.testing.RagTestEnvironment.DATABASE;
    }
}
