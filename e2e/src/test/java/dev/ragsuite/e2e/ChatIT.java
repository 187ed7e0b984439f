package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.testing.SseEvents;
import dev.ragsuite.testing.StandInSite;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chat end to end through the gateway on the running suite: a streamed answer (token → citations →
 * done) stored exactly as streamed, the answer cache (seen in chat-service's own metrics), a deleted
 * document no longer cited, feedback, the usage figures (ETag, 304, admins only), listing and
 * deleting the conversation, a page imported from a URL and published, and a ClickUp task synced
 * through a connection (from the ClickUp stand-in) cited with its link until it is deleted in ClickUp.
 */
@Order(4)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatIT {

    private static final String PASSWORD = "correct horse battery staple 42";
    private static final String QUESTION = "In which year did the Vellmar observatory open?";
    private static final String DOCUMENT = """
            # The Vellmar Observatory

            The Vellmar observatory opened in 1911 on the hill above the town of Vellmar.
            Its great refractor telescope was built by the Steinheil workshop in Munich.

            ## Later years

            In 1958 the observatory was handed to the university, which still runs public nights every Friday.
            """;

    private static final String IMPORTED_QUESTION = "When was the Orsund lighthouse first lit?";
    private static final String IMPORTED_PAGE = "<html><head><title>Orsund</title></head><body><h1>The Orsund lighthouse</h1>"
            + "<p>The Orsund lighthouse was first lit in 1872 to guide the herring fleet into the fjord.</p>"
            + "<p>Its lens came from a workshop in Paris.</p></body></html>";

    private static Suite suite;
    private static String token;
    private static String documentId;
    private static String conversationId;
    private static String messageId;
    private static String streamedAnswer;

    @BeforeAll
    static void user() {
        suite = SuiteExtension.suite();
        token = SuiteUser.register("Chat", PASSWORD).token();
    }

    @Test
    @Order(1)
    void aSmallDocumentIsIndexed() {
        documentId = given().auth().oauth2(token)
                .multiPart("file", "vellmar.md", DOCUMENT.getBytes(StandardCharsets.UTF_8), "text/markdown")
                .post("/api/documents").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String status = given().auth().oauth2(token).get("/api/documents/" + documentId).path("status");
            assertFalse("failed".equals(status), "ingestion failed");
            return "indexed".equals(status);
        });
    }

    @Test
    @Order(2)
    void aStreamedAnswerComesAsTokensThenCitationsThenDoneAndIsStoredAsStreamed() {
        long start = System.nanoTime();
        List<SseEvents.Event> events = stream(QUESTION);
        suite.report.add("POST /api/chat/stream through the gateway: " + (System.nanoTime() - start) / 1_000_000
                + " ms, " + events.size() + " events");

        List<String> names = SseEvents.names(events);
        assertThat(names.size(), greaterThan(2));
        assertThat(names.subList(0, names.size() - 2), everyItem(is("token")));
        assertEquals(List.of("citations", "done"), names.subList(names.size() - 2, names.size()));
        streamedAnswer = SseEvents.text(events);
        assertThat(streamedAnswer, containsString("1911"));
        JsonNode citations = events.get(events.size() - 2).data();
        assertThat(citations.get(0).get("documentId").asText(), is(documentId));
        assertThat(citations.get(0).get("documentName").asText(), is("vellmar.md"));
        JsonNode done = events.get(events.size() - 1).data();
        conversationId = done.get("conversationId").asText();
        messageId = done.get("messageId").asText();

        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId).then()
                .statusCode(200)
                .body("[0].content", is(QUESTION))
                .body("[1].id", is(messageId))
                .body("[1].content", is(streamedAnswer))
                .body("[1].citations.documentId", hasItem(documentId));
    }

    @Test
    @Order(3)
    void theSameQuestionAgainIsACacheHit() {
        double hitsBefore = cacheHits();
        JsonPath first = ask(QUESTION);
        JsonPath second = ask(QUESTION);

        assertThat(cacheHits() - hitsBefore, greaterThanOrEqualTo(1.0));
        assertEquals(first.getString("answer"), second.getString("answer"));
        assertThat(second.getString("messageId"), not(is(first.getString("messageId"))));
        assertThat(second.getList("citations.documentId"), hasItem(documentId));
    }

    @Test
    @Order(4)
    void afterTheDocumentIsDeletedTheAnswerNoLongerCitesIt() {
        given().auth().oauth2(token).delete("/api/documents/" + documentId).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ask(QUESTION).getList("citations.documentId"), not(hasItem(documentId))));
    }

    @Test
    @Order(5)
    void feedbackIsTaken() {
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("rating", "up", "comment", "streamed nicely"))
                .post("/api/messages/{id}/feedback", messageId)
                .then().statusCode(204);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("rating", "sideways"))
                .post("/api/messages/{id}/feedback", messageId)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @Order(6)
    void usageFiguresCountTheQuestionsAndAreCachedPrivatelyWithAnETag() {
        // this user: 4 questions so far (1 streamed, 2 asked, at least 1 after the deletion), 1 feedback up
        var mine = given().auth().oauth2(token).get("/api/me/usage?days=7").then()
                .statusCode(200)
                .header("Cache-Control", "private, max-age=60")
                .extract();
        JsonPath usage = mine.jsonPath();
        int asked = usage.getInt("questions.total");
        assertThat(asked, greaterThanOrEqualTo(4));
        assertEquals(7, usage.getList("questions.perDay").size());
        assertEquals(asked, usage.getInt("answers.total"));
        assertEquals(asked, usage.getInt("answers.byMode.extractive") + usage.getInt("answers.byMode.llm"));
        assertThat(usage.getInt("answers.latencyMs.p95"), greaterThanOrEqualTo(usage.getInt("answers.latencyMs.p50")));
        assertEquals(1, usage.getInt("feedback.up"));
        assertEquals(documentId, usage.getString("mostCited[0].documentId"));
        assertEquals("vellmar.md", usage.getString("mostCited[0].name"));
        assertEquals(0, usage.getInt("documents.total")); // the one document was deleted
        // the gateway told chat-service today's quota use: every question counted
        assertEquals(asked, usage.getInt("quotas.'chat-questions'.used"));
        assertThat(usage.getInt("quotas.'chat-questions'.limit"), greaterThan(0));

        String etag = mine.header("ETag");
        assertThat(etag, containsString("\""));
        given().auth().oauth2(token).header("If-None-Match", etag).get("/api/me/usage?days=7").then()
                .statusCode(304).header("ETag", etag).header("Cache-Control", "private, max-age=60");
        given().auth().oauth2(token).get("/api/me/usage?days=0").then()
                .statusCode(400).contentType("application/problem+json").body(containsString("days"));

        // everyone's figures: admins only
        given().auth().oauth2(token).get("/api/admin/metrics").then().statusCode(403).contentType("application/problem+json");
        String admin = SuiteUser.adminToken(suite);
        var everyone = given().auth().oauth2(admin).get("/api/admin/metrics?days=30").then()
                .statusCode(200).header("Cache-Control", "private, max-age=60").extract();
        JsonPath all = everyone.jsonPath();
        assertThat(all.getInt("users.total"), greaterThanOrEqualTo(2));
        assertThat(all.getInt("users.active"), greaterThanOrEqualTo(1));
        assertThat(all.getInt("questions.total"), greaterThanOrEqualTo(asked));
        assertEquals(30, all.getList("questions.perDay").size());
        assertThat(all.getInt("documents.total"), greaterThanOrEqualTo(0));
        given().auth().oauth2(admin).header("If-None-Match", everyone.header("ETag")).get("/api/admin/metrics?days=30")
                .then().statusCode(304);
        // a question changes the figures, so the old ETag no longer matches
        ask(QUESTION);
        given().auth().oauth2(token).header("If-None-Match", etag).get("/api/me/usage?days=7").then()
                .statusCode(200).body("questions.total", is(asked + 1));
    }

    @Test
    @Order(7)
    void theConversationIsListedAndDeleted() {
        given().auth().oauth2(token).get("/api/conversations").then()
                .statusCode(200).body("items.id", hasItem(conversationId));

        given().auth().oauth2(token).delete("/api/conversations/{id}", conversationId).then().statusCode(204);

        given().auth().oauth2(token).get("/api/conversations").then()
                .statusCode(200).body("items.id", not(hasItem(conversationId)));
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId).then()
                .statusCode(404).contentType("application/problem+json");
    }

    /**
     * Another user imports a page from a URL (a local JDK HTTP server standing in for the remote site, reached
     * because the suite runs with RAG_IMPORT_ALLOW=localhost; 127.0.0.1, the metadata address and a redirect to
     * 127.0.0.1 stay refused); an admin publishes it: this user's question is answered from it with a citation
     * carrying its URL; unpublished, the next question no longer is.
     */
    @Test
    @Order(8)
    void aPageImportedFromAUrlAndPublishedAnswersAnotherUsersQuestionUntilUnpublished() {
        StandInSite site = StandInSite.start();
        int port = site.port();
        site.html("/orsund.html", IMPORTED_PAGE).redirect("/moved", 302, "http://127.0.0.1:" + port + "/orsund.html");
        try {
            String owner = SuiteUser.register("Importer", PASSWORD).token();
            for (String refused : List.of("http://127.0.0.1:" + port + "/orsund.html", "http://169.254.169.254/latest/meta-data/")) {
                given().auth().oauth2(owner).contentType("application/json").body(Map.of("url", refused))
                        .post("/api/documents/import").then().statusCode(400).contentType("application/problem+json")
                        .body("detail", containsString("refused"));
            }
            String redirected = importUrl(owner, "http://localhost:" + port + "/moved");
            String url = "http://localhost:" + port + "/orsund.html";
            String shared = importUrl(owner, url);
            assertEquals("indexed", awaitFinal(owner, shared));
            assertEquals("failed", awaitFinal(owner, redirected));
            assertThat(given().auth().oauth2(owner).get("/api/documents/" + redirected).path("error"),
                    containsString("127.0.0.1 is a loopback address"));

            assertThat("not published yet", ask(IMPORTED_QUESTION).getList("citations.documentId"), not(hasItem(shared)));
            String admin = SuiteUser.adminToken(suite);
            given().auth().oauth2(token).post("/api/documents/" + shared + "/publish").then().statusCode(403);
            given().auth().oauth2(admin).post("/api/documents/" + shared + "/publish").then().statusCode(200)
                    .body("published", is(true));

            given().auth().oauth2(token).get("/api/documents").then().statusCode(200)
                    .body("items.find { it.id == '" + shared + "' }.shared", is(true));
            JsonPath answer = ask(IMPORTED_QUESTION);
            assertThat(answer.getString("answer"), containsString("1872"));
            assertEquals(shared, answer.getString("citations[0].documentId"));
            assertEquals("url", answer.getString("citations[0].source.type"));
            assertEquals(url, answer.getString("citations[0].source.url"));
            given().auth().oauth2(token).delete("/api/documents/" + shared).then().statusCode(403);

            given().auth().oauth2(admin).post("/api/documents/" + shared + "/unpublish").then().statusCode(200)
                    .body("published", is(false));
            // as after a delete, chat-service reads the event from the stream (milliseconds) before its cache lets go
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(ask(IMPORTED_QUESTION).getList("citations.documentId"), not(hasItem(shared))));
            given().auth().oauth2(token).get("/api/documents/" + shared).then().statusCode(404);
        } finally {
            site.close();
        }
    }

    @Test
    @Order(9)
    void aClickUpTaskSyncedThroughAConnectionIsCitedWithALinkBackToTheTaskUntilItIsDeletedThere() {
        String clickUpToken = suite.clickUp.newToken();
        suite.clickUp.hierarchy(clickUpToken);
        dev.ragsuite.testing.Board board = suite.clickUp.board(clickUpToken);
        long anHourAgo = System.currentTimeMillis() - 3_600_000;
        board.put(dev.ragsuite.testing.ClickUpStandIn.LIST, dev.ragsuite.testing.ClickUpStandIn.task("86e2e1",
                "Kestrel release checklist", "The Kestrel release ships on 14 March, after the Tallinn team's security review.",
                anHourAgo));
        board.comments("86e2e1", List.of(dev.ragsuite.testing.ClickUpStandIn.comment("90e2e1",
                "The Tallinn team signed the security review off.", anHourAgo + 1000)));
        String connection = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "clickup", "token", clickUpToken, "workspaceId", dev.ragsuite.testing.ClickUpStandIn.WORKSPACE))
                .post("/api/connectors").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).post("/api/connectors/" + connection + "/sync").then().statusCode(202);
        awaitConnection(connection, c -> c.getInt("documentsImported") == 1);

        List<Map<String, Object>> documents = given().auth().oauth2(token).get("/api/documents?size=100").then().statusCode(200)
                .extract().jsonPath().getList("items");
        String task = documents.stream().filter(d -> "86e2e1".equals(((Map<?, ?>) d.get("source")).get("externalId")))
                .map(d -> (String) d.get("id")).findFirst().orElseThrow();
        assertEquals("indexed", awaitFinal(token, task));
        JsonPath answer = ask("When does the Kestrel release ship?");
        assertThat(answer.getString("answer"), containsString("14 March"));
        assertEquals(task, answer.getString("citations[0].documentId"));
        assertEquals("clickup", answer.getString("citations[0].source.type"));
        assertEquals("86e2e1", answer.getString("citations[0].source.externalId"));
        assertEquals("https://app.clickup.com/t/86e2e1", answer.getString("citations[0].source.url"));

        // deleted in ClickUp: the next full pass deletes the document, and answers stop citing it
        board.delete("86e2e1");
        given().auth().oauth2(token).post("/api/connectors/" + connection + "/sync?full=true").then().statusCode(202);
        JsonPath synced = awaitConnection(connection, c -> c.getInt("documentsImported") == 0);
        assertEquals(1, synced.getInt("sync.last.deleted"), synced.prettify());
        given().auth().oauth2(token).get("/api/documents/" + task).then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(ask("When does the Kestrel release ship?").getList("citations.documentId"), not(hasItem(task))));
        given().auth().oauth2(token).delete("/api/connectors/" + connection).then().statusCode(200);
    }

    /** Waits until the connection is idle, no sync is pending, and {@code done} holds. */
    private static JsonPath awaitConnection(String id, java.util.function.Predicate<JsonPath> done) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().auth().oauth2(token).get("/api/connectors/" + id).then().statusCode(200).extract().jsonPath(),
                c -> "idle".equals(c.getString("status")) && c.getString("sync.requestedAt") == null && done.test(c));
    }

    private static String importUrl(String owner, String url) {
        return given().auth().oauth2(owner).contentType("application/json").body(Map.of("url", url))
                .post("/api/documents/import").then().statusCode(202)
                .body("source.type", is("url")).extract().path("id");
    }

    private static String awaitFinal(String owner, String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().auth().oauth2(owner).get("/api/documents/" + id).path("status"),
                status -> "indexed".equals(status) || "failed".equals(status));
    }

    private static JsonPath ask(String question) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("question", question))
                .post("/api/chat").then().statusCode(200).extract().jsonPath();
    }

    private static List<SseEvents.Event> stream(String question) {
        String body = given().auth().oauth2(token).contentType("application/json").accept("text/event-stream")
                .body(Map.of("question", question))
                .post("/api/chat/stream")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        return SseEvents.parse(body);
    }

    /**
     * rag_chat_answer_cache_total{result="hit"} from chat-service's own metrics endpoint (the sample may
     * end with an exemplar, {@code # {trace_id=…}}, when the suite exports traces).
     */
    private static double cacheHits() {
        String metrics = given().baseUri(suite.serviceUrl("chat-service")).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^rag_chat_answer_cache_total\\{[^}]*result=\"hit\"[^}]*} ([0-9.eE+-]+)(?: # .*)?$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
