package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./rag backup} and {@code ./rag restore} on the running suite: a document and the answers to
 * a few questions, a backup, tampered copies of it refused with nothing changed, then the suite
 * stopped and wiped (database dropped, index and uploads deleted, Redis flushed), restored and
 * started again: the same documents, the same answers with the same citations, a session revoked
 * before the backup still revoked, and a ClickUp connection (against the suite's ClickUp stand-in)
 * whose token is in the backup only as ciphertext and works again after the restore with the same
 * keyset. Last of the end-to-end classes (it restarts the suite).
 */
@Order(8)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

    private static final String PASSWORD = "correct horse battery staple 42";
    private static final List<String> QUESTIONS = List.of(
            "In what year did Tesla die?",
            "Where was Tesla born?",
            "Who licensed Tesla's AC induction motor and transformer?",
            "When did Tesla emigrate to the United States?");

    private static Suite suite;
    private static SuiteUser user;
    private static String token;
    private static String revokedToken;
    private static Path backup;
    private static final Map<String, Object> answersBefore = new LinkedHashMap<>();
    private static List<Map<String, Object>> documentsBefore;
    private static String clickUpToken;
    private static String connectorId;

    @BeforeAll
    static void user() {
        suite = SuiteExtension.suite();
        user = SuiteUser.register("Backup", PASSWORD);
        token = user.token();
        backup = suite.root.resolve("e2e/target/backup-it");
        Suite.deleteRecursively(backup);
    }

    @Test
    @Order(1)
    void aDocumentAnswersAndARevokedSessionAreBackedUp() {
        String id = given().auth().oauth2(token)
                .multiPart("file", "Nikola_Tesla.md", fixture("Nikola_Tesla.md"), "text/markdown")
                .post("/api/documents").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = given().auth().oauth2(token).get("/api/documents/" + id).path("status");
            assertFalse("failed".equals(status), "ingestion failed");
            return "indexed".equals(status);
        });
        for (String question : QUESTIONS) {
            JsonPath answer = ask(token, question);
            assertFalse(answer.getList("citations").isEmpty(), "no citations for " + question);
            answersBefore.put(question, answerOf(answer));
        }
        documentsBefore = documents(token);
        clickUpToken = suite.clickUp.newToken();
        connectorId = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "clickup", "token", clickUpToken, "workspaceId", dev.ragsuite.testing.ClickUpStandIn.WORKSPACE))
                .post("/api/connectors").then().statusCode(201).extract().path("id");
        revokedToken = user.login();
        given().auth().oauth2(revokedToken).post("/api/auth/logout").then().statusCode(204);
        given().auth().oauth2(revokedToken).get("/api/documents").then().statusCode(401);

        long start = System.nanoTime();
        suite.launcher("backup", backup.toString());
        suite.report.add("./rag backup (1 document, " + QUESTIONS.size() + " questions): "
                + (System.nanoTime() - start) / 1_000_000 + " ms");

        JsonPath manifest = JsonPath.from(read(backup.resolve("manifest.json")));
        assertEquals("e5-small-v2-q", manifest.getString("embeddingModel"));
        assertEquals(384, manifest.getInt("dimensions"));
        assertEquals("lucene", manifest.getString("store"));
        assertNotNull(manifest.getString("createdAt"));
        assertNotNull(manifest.getString("suiteVersion"));
        for (String schema : List.of("auth", "ingest", "chat")) {
            assertNotNull(manifest.getString("schemaVersions.'schema." + schema + "'"), "version of " + schema);
        }
        for (String file : List.of("rag.dump", "vector-index.zip", "uploads.tar")) {
            assertTrue(Files.isRegularFile(backup.resolve(file)), file);
            assertEquals(64, manifest.getString("files.'sha256." + file + "'").length(), "checksum of " + file);
        }
        // the connection is in the dump, its token only as ciphertext; the keyset is not in the backup
        String dump = pgRestoreToSql(backup.resolve("rag.dump"));
        assertTrue(dump.contains(connectorId), "the dump holds the connection");
        assertFalse(dump.contains(clickUpToken.substring(3, clickUpToken.length() - 4)), "the dump holds the token in plain");
        try (Stream<Path> files = Files.walk(backup)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("keyset")), "no keyset in the backup");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The custom-format dump as SQL text (pg_restore -f -). */
    private static String pgRestoreToSql(Path dump) {
        try {
            Process p = new ProcessBuilder("pg_restore", "-f", "-", dump.toString()).redirectErrorStream(true).start();
            String sql = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "pg_restore -f -: " + sql);
            return sql;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void aTamperedBackupIsRefusedWithNothingChanged() {
        refused("other-model", copy -> edit(copy.resolve("manifest.json"),
                m -> m.replace("\"embeddingModel\": \"e5-small-v2-q\"", "\"embeddingModel\": \"bge-small-en-v1.5-q\"")),
                "embedding model");
        refused("other-dimensions", copy -> edit(copy.resolve("manifest.json"),
                m -> m.replace("\"dimensions\": 384", "\"dimensions\": 768")), "dimensions");
        refused("bad-checksum", copy -> {
            try {
                byte[] dump = Files.readAllBytes(copy.resolve("rag.dump"));
                dump[dump.length / 2] ^= 0x5a;
                Files.write(copy.resolve("rag.dump"), dump);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "checksum");
        refused("newer-schema", copy -> edit(copy.resolve("manifest.json"),
                m -> m.replaceAll("\"schema\\.chat\": \"[^\"]*\"", "\"schema.chat\": \"999\"")), "newer than this code");
        refused("incomplete", copy -> edit(copy.resolve("manifest.json"),
                m -> m.replaceAll("(?m)^ *\"embeddingModel\".*\\R", "")), "incomplete");

        // nothing changed: the suite still runs, with the same documents and answers
        assertEquals(documentsBefore, documents(token));
        String first = QUESTIONS.get(0);
        assertEquals(answersBefore.get(first), answerOf(ask(token, first)));
    }

    @Test
    @Order(3)
    void afterAWipeTheRestoredSuiteGivesTheSameAnswersAndCitations() throws Exception {
        suite.down();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + Suite.DATABASE + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Suite.deleteRecursively(suite.home.resolve("data/vector"));
        Suite.deleteRecursively(suite.home.resolve("data/uploads"));
        new IngestBackstage(suite).flushRedis();

        long start = System.nanoTime();
        suite.launcher("restore", backup.toString());
        suite.report.add("./rag restore: " + (System.nanoTime() - start) / 1_000_000 + " ms");
        suite.up();

        token = user.login();
        assertEquals(documentsBefore, documents(token));
        for (String question : QUESTIONS) {
            assertEquals(answersBefore.get(question), answerOf(ask(token, question)), question);
        }
        given().auth().oauth2(revokedToken).get("/api/documents").then().statusCode(401);
        given().baseUri(suite.serviceUrl("chat-service")).auth().oauth2(revokedToken)
                .get("/api/conversations").then().statusCode(401);

        // the restored connection's token decrypts with the same keyset: moving it to another workspace
        // sends the stored token to ClickUp again (which says it does not reach that workspace)
        given().auth().oauth2(token).get("/api/connectors/" + connectorId).then().statusCode(200)
                .body("tokenHint", org.hamcrest.Matchers.equalTo("…" + clickUpToken.substring(clickUpToken.length() - 4)));
        storedTokenReachesClickUp("the restored token reached ClickUp");

        // ./rag rotate-secrets: a new primary key, every stored token re-encrypted under it, the old key
        // retired (ingest-service restarted twice); the token still decrypts, with only the new key left
        Path keyset = suite.home.resolve("secrets/secrets-keyset.json");
        JsonPath before = JsonPath.from(read(keyset));
        long rotating = System.nanoTime();
        suite.launcher("rotate-secrets");
        suite.report.add("./rag rotate-secrets (1 connection): " + (System.nanoTime() - rotating) / 1_000_000 + " ms");
        JsonPath after = JsonPath.from(read(keyset));
        assertEquals(1, after.getList("key").size(), "only the new key is left: " + after.prettify());
        assertFalse(before.getLong("primaryKeyId") == after.getLong("primaryKeyId"), "a new primary key");
        storedTokenReachesClickUp("the re-encrypted token decrypts under the new key alone and reached ClickUp");
    }

    /**
     * Moving the connection to another workspace sends its stored token to ClickUp again (which says it does not
     * reach that workspace): the token decrypted, and exactly one more check of it reached the stand-in.
     */
    private static void storedTokenReachesClickUp(String why) {
        int before = teamChecks();
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("workspaceId", dev.ragsuite.testing.ClickUpStandIn.OTHER_WORKSPACE))
                .patch("/api/connectors/" + connectorId).then().statusCode(422)
                .body("detail", org.hamcrest.Matchers.containsString("no access to workspace"));
        assertEquals(before + 1, teamChecks(), why);
    }

    /** The stand-in's {@code GET /v2/team} calls made with the connection's token so far. */
    private static int teamChecks() {
        return suite.clickUp.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v2/team"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(clickUpToken))).size();
    }

    /** A copy of the backup, tampered with, is refused by ./rag restore (exit ≠ 0) with a message naming why. */
    private static void refused(String name, java.util.function.Consumer<Path> tamper, String why) {
        Path copy = backup.resolveSibling("backup-it-" + name);
        Suite.deleteRecursively(copy);
        try {
            Files.createDirectories(copy);
            try (Stream<Path> files = Files.list(backup)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tamper.accept(copy);
        int from = suite.launcherOutput.size();
        assertThrows(IllegalStateException.class, () -> suite.launcher("restore", copy.toString()), name);
        String output = String.join("\n", suite.launcherOutput.subList(from, suite.launcherOutput.size()));
        assertTrue(output.contains("refused") && output.contains(why), name + ": " + output);
        assertTrue(output.contains("nothing was changed"), name + ": " + output);
        Suite.deleteRecursively(copy);
    }

    private static Map<String, Object> answerOf(JsonPath answer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answer", answer.getString("answer"));
        out.put("mode", answer.getString("mode"));
        out.put("citations", answer.getList("citations"));
        return out;
    }

    private static List<Map<String, Object>> documents(String bearer) {
        List<Map<String, Object>> items = given().auth().oauth2(bearer).get("/api/documents")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return new ArrayList<>(items);
    }

    private static JsonPath ask(String bearer, String question) {
        return given().auth().oauth2(bearer).contentType("application/json").body(Map.of("question", question))
                .post("/api/chat").then().statusCode(200).extract().jsonPath();
    }

    private static void edit(Path file, UnaryOperator<String> change) {
        String before = read(file);
        String after = change.apply(before);
        assertFalse(before.equals(after), "the tampering changed nothing in " + file);
        try {
            Files.writeString(file, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fixture(String name) {
        try (InputStream in = BackupRestoreIT.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
