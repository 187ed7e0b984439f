package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The foundation's promise, end to end over real HTTP through the gateway, with the five services
 * started by `./rag up` as separate JVMs on real PostgreSQL and Redis: register → log in → upload
 * → indexed → a cited answer → tenancy holds → logout kills the token → the data survives a restart.
 */
@Order(1)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserJourneyIT {

    private static final String QUESTION = "In what year did Tesla die?";
    private static final String PASSWORD = "correct horse battery staple 42";
    private static Suite suite;

    private static String tokenA;
    private static String tokenB;
    private static String emailA;
    private static String documentId;

    @BeforeAll
    static void suite() {
        suite = SuiteExtension.suite();
        assertTrue(suite.firstStartOutput.stream().anyMatch(l -> l.contains("first admin created")),
                "the first start must print the generated first-admin login once");
    }

    @Test
    @Order(0)
    void theFirstAdminPasswordIsOnTheLauncherTerminalOnlyNeverInALog() throws IOException {
        Matcher printed = suite.firstStartOutput.stream().map(Pattern.compile("email=\\S+ password=(\\S+)")::matcher)
                .filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("the first start printed no first-admin login"));
        String password = printed.group(1);
        try (Stream<Path> logs = Files.list(suite.home.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log, StandardCharsets.UTF_8).contains(password),
                        "the first admin's password must not be in " + log);
            }
        }
        assertFalse(Files.exists(suite.home.resolve("data/first-admin-password")),
                "the launcher deletes the password file once it has shown it");
    }

    @Test
    @Order(1)
    void twoUsersRegisterAndLogIn() {
        emailA = "alice-" + UUID.randomUUID() + "@example.test";
        String emailB = "bob-" + UUID.randomUUID() + "@example.test";
        register(emailA, "Alice");
        register(emailB, "Bob");
        tokenA = login(emailA);
        tokenB = login(emailB);
        given().auth().oauth2(tokenA).get("/api/auth/me").then()
                .statusCode(200).body("email", is(emailA)).body("role", is("user"));
    }

    @Test
    @Order(2)
    void anUploadedDocumentIsIndexedInTheBackground() throws IOException {
        long start = System.nanoTime();
        documentId = given().auth().oauth2(tokenA)
                .multiPart("file", "Nikola_Tesla.md", fixture("Nikola_Tesla.md"), "text/markdown")
                .post("/api/documents")
                .then().statusCode(202)
                .body("status", is("queued"))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String status = given().auth().oauth2(tokenA).get("/api/documents/" + documentId).path("status");
            assertFalse("failed".equals(status), "ingestion failed");
            return "indexed".equals(status);
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        suite.report.add("indexing Nikola_Tesla.md (upload → indexed): " + millis + " ms");
        given().auth().oauth2(tokenA).get("/api/documents/" + documentId).then()
                .body("chunkCount", org.hamcrest.Matchers.greaterThan(10))
                .body("name", is("Nikola_Tesla.md"));
        given().auth().oauth2(tokenA).get("/api/documents").then()
                .statusCode(200).body("items.id", hasItem(documentId));
    }

    @Test
    @Order(3)
    void theOwnerGetsACitedAnswer() {
        long start = System.nanoTime();
        Response answer = ask(tokenA, QUESTION);
        long millis = (System.nanoTime() - start) / 1_000_000;
        suite.report.add("POST /api/chat (\"" + QUESTION + "\"): " + millis + " ms, mode " + answer.path("mode") + ", model "
                + answer.path("model"));
        answer.then().statusCode(200)
                .body("answer", containsString("1943"))
                .body("mode", anyOf(is("extractive"), is("llm")))
                // the answer names what wrote it: "extractive", or <provider>:<model> for a model answer
                .body("model", "extractive".equals(answer.path("mode")) ? is("extractive") : containsString(":"))
                .body("citations.documentId", hasItem(documentId))
                .body("citations[0].n", is(1))
                .body("conversationId", notNullValue())
                .body("messageId", notNullValue());
        suite.report.add("answer: " + answer.path("answer"));
    }

    @Test
    @Order(4)
    void anotherUserCanNeitherSeeNorRetrieveTheDocument() {
        given().auth().oauth2(tokenB).get("/api/documents/" + documentId).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokenB).delete("/api/documents/" + documentId).then().statusCode(404);
        given().auth().oauth2(tokenB).get("/api/documents").then()
                .statusCode(200).body("items.id", not(hasItem(documentId)));
        ask(tokenB, QUESTION).then().statusCode(200)
                .body("citations.documentId", not(hasItem(documentId)));
        given().auth().oauth2(tokenA).get("/api/documents/" + documentId).then().statusCode(200);
    }

    @Test
    @Order(5)
    void badInputGetsA4xxProblemAndNothingHalfWritten() {
        String hostileName = given().auth().oauth2(tokenA)
                .multiPart("file", "../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/documents").then().statusCode(202).extract().path("id");
        given().auth().oauth2(tokenA).get("/api/documents/" + hostileName).then().body("name", is("passwd"));

        problem(given().auth().oauth2(tokenA).multiPart("other", "x").post("/api/documents"), 400);
        problem(given().auth().oauth2(tokenA)
                .multiPart("file", "image.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 }, "image/png")
                .post("/api/documents"), 415);
        problem(given().auth().oauth2(tokenA).contentType("application/json").body("{\"question\": ").post("/api/chat"), 400);
        problem(given().auth().oauth2(tokenA).contentType("application/json")
                .body(Map.of("question", "x".repeat(2001))).post("/api/chat"), 400);
        problem(given().auth().oauth2(tokenA).get("/api/documents/" + UUID.randomUUID()), 404);
        given().auth().oauth2(tokenA).get("/api/documents/not-a-uuid").then()
                .statusCode(anyOf(is(400), is(404))).contentType("application/problem+json");
        problem(given().auth().oauth2(tokenA + "x").get("/api/documents"), 401);
        problem(given().get("/api/documents"), 401);
        problem(given().contentType("application/json").body("{\"email\":\"nobody@example.test\",\"password\":\"wrong password 1\"}")
                .post("/api/auth/login"), 401);
    }

    @Test
    @Order(6)
    void logoutRevokesTheTokenAtOnce() {
        given().auth().oauth2(tokenA).post("/api/auth/logout").then().statusCode(204);
        problem(given().auth().oauth2(tokenA).get("/api/documents"), 401);
        problem(given().auth().oauth2(tokenA).get("/api/auth/me"), 401);
    }

    @Test
    @Order(7)
    void theDocumentSurvivesARestartAndStillAnswers() {
        suite.down();
        suite.launcherOutput.clear();
        suite.up();
        assertFalse(suite.launcherOutput.stream().anyMatch(l -> l.contains("first admin created")),
                "the one-time admin password is printed only at the first start");
        String token = login(emailA);
        given().auth().oauth2(token).get("/api/documents/" + documentId).then()
                .statusCode(200).body("status", is("indexed"));
        ask(token, QUESTION).then().statusCode(200)
                .body("answer", containsString("1943"))
                .body("citations.documentId", hasItem(documentId));
    }

    private static void register(String email, String name) {
        given().contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD, "displayName", name))
                .post("/api/auth/register").then().statusCode(201).body("email", is(email));
    }

    private static String login(String email) {
        return given().contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(200)
                .body("tokenType", is("Bearer"))
                .extract().path("accessToken");
    }

    private static Response ask(String token, String question) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("question", question)).post("/api/chat");
    }

    private static void problem(Response response, int status) {
        response.then().statusCode(status).contentType("application/problem+json").body("status", is(status));
        assertEquals(status, response.statusCode());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = UserJourneyIT.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
