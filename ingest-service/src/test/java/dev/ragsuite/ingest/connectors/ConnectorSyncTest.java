package dev.ragsuite.ingest.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.ingest.SecretsTestKeyset;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.clickup.ClickUpStandInResource;
import dev.ragsuite.testing.Board;
import dev.ragsuite.testing.ClickUpStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.vector.api.UpsertRequest;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connector syncs against the ClickUp stand-in ({@link ClickUpStandIn#board}: tasks served the way ClickUp's
 * "Get Tasks" serves them, {@code date_updated_gt}, paging and archived tasks included), real PostgreSQL and
 * Redis: tasks become documents with source {@code clickup}; an unchanged task is not read or embedded again,
 * an edited one becomes its document's next version; a full pass removes what was deleted or archived; a
 * revoked token stops syncing; one sync per connection at a time; the schedule asks for what is due.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClickUpStandInResource.class, scope = TestResourceScope.GLOBAL)
class ConnectorSyncTest extends AliceAndBobTest {

    private static final String CONNECTORS = "/api/connectors";
    private static final Duration SYNCED_WITHIN = Duration.ofSeconds(60);
    private static final long AN_HOUR_AGO = System.currentTimeMillis() - 3_600_000;

    @ClickUpStandInResource.Inject
    ClickUpStandIn clickUp;

    @InjectMock
    VectorClient vectors;

    @Inject
    SyncWorker worker;

    @Inject
    SyncStore store;

    private String token;
    private Board board;

    @BeforeEach
    void aWorkspaceWithABoard() {
        IngestTestSupport.acceptEverything(vectors);
        token = clickUp.newToken();
        clickUp.hierarchy(token);
        board = clickUp.board(token);
    }

    @Test
    void aSyncImportsEveryTaskOfTheScopePageByPageWithItsCommentsAsDocumentsFromClickUp() {
        board.pageSize = 2; // five tasks in three pages
        for (Map<String, Object> task : ClickUpStandIn.tasksNumbered("86a0p", 1, 4, AN_HOUR_AGO)) {
            board.put(ClickUpStandIn.LIST, task);
        }
        Map<String, Object> unicode = ClickUpStandIn.task("86a0u", "Überprüfung der Lieferkette — 東京",
                "Die Lieferkette für Tokio (東京) prüfen: Zoll, Lager, Spedition.", AN_HOUR_AGO);
        unicode.put("status", ClickUpStandIn.ordered("status", "closed", "type", "closed"));
        unicode.put("date_closed", "1733500000000");
        board.put(ClickUpStandIn.LIST, unicode);
        board.comments("86a0u", List.of(
                ClickUpStandIn.comment("90120002", "确认 ✓ — Zoll ist erledigt.", AN_HOUR_AGO + 2000),
                ClickUpStandIn.comment("90120001", "Bitte bis Freitag prüfen.", AN_HOUR_AGO + 1000)));
        Map<String, Object> subtask = ClickUpStandIn.task("86a0s", "Subtask in the inbox", "A subtask of 86a0p1.", AN_HOUR_AGO);
        subtask.put("parent", "86a0p1");
        board.put(ClickUpStandIn.FOLDERLESS_LIST, subtask);

        String id = ConnectorApiTest.connect(aliceToken, token);
        given().auth().oauth2(aliceToken).post(CONNECTORS + "/" + id + "/sync").then().statusCode(202)
                .body("id", equalTo(id)).body("sync.requestedAt", notNullValue());
        JsonPath synced = awaitSync(id, null);
        assertEquals("idle", synced.getString("status"), synced.prettify());
        assertEquals(6, synced.getInt("sync.last.tasks"));
        assertEquals(6, synced.getInt("sync.last.created"));
        assertNotNull(synced.getString("lastSyncAt"));
        assertNotNull(synced.getString("sync.lastFullSyncAt"), "the first sync is a full pass");
        assertEquals(6, synced.getInt("documentsImported"));

        List<Map<String, Object>> documents = given().auth().oauth2(aliceToken).get("/api/documents?size=100")
                .then().statusCode(200).extract().jsonPath().getList("items");
        Map<String, Map<String, Object>> byTask = documents.stream()
                .filter(d -> "clickup".equals(((Map<?, ?>) d.get("source")).get("type")))
                .collect(Collectors.toMap(d -> (String) ((Map<?, ?>) d.get("source")).get("externalId"), d -> d));
        assertEquals(java.util.Set.of("86a0p1", "86a0p2", "86a0p3", "86a0p4", "86a0u", "86a0s"), byTask.keySet());
        Map<?, ?> source = (Map<?, ?>) byTask.get("86a0u").get("source");
        assertEquals("https://app.clickup.com/t/86a0u", source.get("url"));
        String unicodeId = (String) byTask.get("86a0u").get("id");
        IngestTestSupport.awaitFinal(aliceToken, unicodeId, SYNCED_WITHIN);
        assertEquals("indexed", IngestTestSupport.document(aliceToken, unicodeId).getString("status"));

        String indexed = indexedText(unicodeId);
        assertTrue(indexed.contains("Überprüfung der Lieferkette — 東京"), indexed);
        assertTrue(indexed.contains("Die Lieferkette für Tokio (東京) prüfen"), indexed);
        assertTrue(indexed.contains("Status: closed"), indexed);
        assertTrue(indexed.contains("Grace Hopper"), "assignees and comment authors: " + indexed);
        assertTrue(indexed.contains("Customer:** Müller & Søn"), "custom text fields: " + indexed);
        assertTrue(indexed.indexOf("Bitte bis Freitag") < indexed.indexOf("确认 ✓"), "comments oldest first: " + indexed);
        String subtaskId = (String) byTask.get("86a0s").get("id");
        IngestTestSupport.awaitFinal(aliceToken, subtaskId, SYNCED_WITHIN);
        assertTrue(indexedText(subtaskId).contains("Subtask of: 86a0p1"));

        // paged to the end, closed tasks and subtasks asked for, archived ones not
        for (int page = 0; page < 3; page++) {
            clickUp.server().verify(getRequestedFor(urlPathEqualTo("/api/v2/list/" + ClickUpStandIn.LIST + "/task"))
                    .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token)).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo(String.valueOf(page)))
                    .withQueryParam("include_closed", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")).withQueryParam("subtasks", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))
                    .withQueryParam("archived", com.github.tomakehurst.wiremock.client.WireMock.equalTo("false")));
        }
        // another user neither sees nor syncs it
        given().auth().oauth2(bobToken).post(CONNECTORS + "/" + id + "/sync").then().statusCode(404);

        // the usage figures (chat-service composes them from this internal endpoint) count the connection and its tasks
        JsonPath usage = given().header("X-Internal-Token", RagTestEnvironment.INTERNAL_TOKEN).queryParam("owner", alice)
                .get("/internal/v1/usage/documents").then().statusCode(200).extract().jsonPath();
        assertEquals(6, usage.getInt("bySource.clickup"), usage.prettify());
        assertEquals(1, usage.getInt("connections.total"));
        assertEquals(1, usage.getInt("connections.byStatus.idle"));
        assertEquals(0, usage.getInt("connections.byStatus.needs_reauth"));
        assertEquals(synced.getString("lastSyncAt").substring(0, 19), usage.getString("connections.lastSyncAt").substring(0, 19));
        assertEquals(1, usage.getInt("connections.syncs.total"), "syncs that ended in the window (none asked: since ever)");
        assertEquals(0, usage.getInt("connections.syncs.failed"));
        assertEquals(6, usage.getInt("connections.syncs.tasks"));
        assertEquals(6, usage.getInt("connections.syncs.created"));

        // disconnecting removes what the connection imported, each by the verified document deletion
        given().auth().oauth2(aliceToken).delete(CONNECTORS + "/" + id).then().statusCode(200)
                .body("documentsDeleted", equalTo(6)).body("documentsKept", equalTo(0));
        assertEquals(Map.of(), documentsByTask());
        verify(vectors).deleteDocument(UUID.fromString(unicodeId), alice);
    }

    @Test
    void anUnchangedTaskIsNotReadAgainAndAnEditedOneBecomesItsDocumentsNextVersion() {
        for (Map<String, Object> task : ClickUpStandIn.tasksNumbered("86b0", 1, 3, AN_HOUR_AGO)) {
            board.put(ClickUpStandIn.LIST, task);
        }
        String id = ConnectorApiTest.connect(aliceToken, token);
        JsonPath first = sync(id, false, null);
        assertEquals(3, first.getInt("sync.last.created"));
        Map<String, String> docs = documentsByTask();
        for (String doc : docs.values()) {
            IngestTestSupport.awaitFinal(aliceToken, doc, SYNCED_WITHIN);
        }
        int upsertsBefore = upserts(docs.values());

        // nothing changed: an incremental pass asks only for tasks updated since, and gets none
        JsonPath quiet = sync(id, false, first.getString("sync.startedAt"));
        assertEquals(0, quiet.getInt("sync.last.tasks"), quiet.prettify());
        clickUp.server().verify(getRequestedFor(urlPathEqualTo("/api/v2/list/" + ClickUpStandIn.LIST + "/task"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token)).withQueryParam("date_updated_gt", com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9]+")));

        // one task edited, one only touched (its date moved, its text did not)
        long now = System.currentTimeMillis();
        board.edit("86b01", now, Map.of("text_content", "The new plan: ship the sync on Friday.",
                "description", "The new plan: ship the sync on Friday."));
        board.edit("86b02", now, Map.of());
        JsonPath edited = sync(id, false, quiet.getString("sync.startedAt"));
        assertEquals(2, edited.getInt("sync.last.tasks"), edited.prettify());
        assertEquals(1, edited.getInt("sync.last.updated"));
        assertEquals(1, edited.getInt("sync.last.unchanged"));
        assertEquals(0, edited.getInt("sync.last.created"));

        JsonPath v2 = IngestTestSupport.awaitFinal(aliceToken, docs.get("86b01"), SYNCED_WITHIN);
        assertEquals(2, v2.getInt("version"));
        assertEquals("indexed", v2.getString("status"));
        assertTrue(indexedText(docs.get("86b01")).contains("ship the sync on Friday"));
        assertEquals(1, IngestTestSupport.document(aliceToken, docs.get("86b02")).getInt("version"), "same text: no new version");
        assertEquals(1, IngestTestSupport.document(aliceToken, docs.get("86b03")).getInt("version"));
        assertEquals(upsertsBefore + 1, upserts(docs.values()), "only the edited task was embedded again");
        assertEquals(3, documentsByTask().size());
    }

    @Test
    void aWiderScopeMakesTheNextSyncAFullPassSoTheOlderTasksOfAnAddedListComeToo() {
        board.put(ClickUpStandIn.LIST, ClickUpStandIn.task("86g01", "In the first list", "Text.", AN_HOUR_AGO));
        board.put(ClickUpStandIn.FOLDERLESS_LIST, ClickUpStandIn.task("86g02", "In the added list", "Text.", AN_HOUR_AGO));
        String id = ConnectorApiTest.create(aliceToken, Map.of("type", "clickup", "token", token,
                "workspaceId", ClickUpStandIn.WORKSPACE, "listIds", List.of(ClickUpStandIn.LIST))).then().statusCode(201)
                .extract().path("id");
        JsonPath first = sync(id, false, null);
        assertEquals(Map.of("86g01", documentsByTask().get("86g01")), documentsByTask());

        given().auth().oauth2(aliceToken).contentType("application/json")
                .body(Map.of("listIds", List.of(ClickUpStandIn.LIST, ClickUpStandIn.FOLDERLESS_LIST)))
                .patch(CONNECTORS + "/" + id).then().statusCode(200).body("sync.fullRequested", equalTo(true));
        JsonPath wider = sync(id, false, first.getString("sync.startedAt"));
        assertEquals(1, wider.getInt("sync.last.created"), wider.prettify());
        assertEquals(java.util.Set.of("86g01", "86g02"), documentsByTask().keySet());
        assertEquals(false, wider.getBoolean("sync.fullRequested"));
    }

    @Test
    void onlyAFullPassRemovesTheDocumentsOfTasksDeletedOrArchivedInClickUp() {
        for (Map<String, Object> task : ClickUpStandIn.tasksNumbered("86c0", 1, 3, AN_HOUR_AGO)) {
            board.put(ClickUpStandIn.LIST, task);
        }
        String id = ConnectorApiTest.connect(aliceToken, token);
        JsonPath first = sync(id, false, null);
        Map<String, String> docs = documentsByTask();
        docs.values().forEach(doc -> IngestTestSupport.awaitFinal(aliceToken, doc, SYNCED_WITHIN));

        board.delete("86c01");
        board.archive("86c02", System.currentTimeMillis());
        JsonPath incremental = sync(id, false, first.getString("sync.startedAt"));
        assertEquals(0, incremental.getInt("sync.last.deleted"), "an incremental pass cannot see deletions");
        assertEquals(3, documentsByTask().size());

        JsonPath full = sync(id, true, incremental.getString("sync.startedAt"));
        assertEquals(2, full.getInt("sync.last.deleted"), full.prettify());
        assertEquals(1, full.getInt("sync.last.tasks"));
        assertEquals(Map.of("86c03", docs.get("86c03")), documentsByTask());
        given().auth().oauth2(aliceToken).get("/api/documents/" + docs.get("86c01")).then().statusCode(404);
        given().auth().oauth2(aliceToken).get("/api/documents/" + docs.get("86c02")).then().statusCode(404);
        verify(vectors).deleteDocument(UUID.fromString(docs.get("86c01")), alice);
        verify(vectors).deleteDocument(UUID.fromString(docs.get("86c02")), alice);
        assertEquals(1, full.getInt("documentsImported"));
    }

    @Test
    void aTokenClickUpNowRefusesStopsTheSyncingUntilANewOneIsSent() {
        board.put(ClickUpStandIn.LIST, ClickUpStandIn.task("86d01", "Refused", "Text.", AN_HOUR_AGO));
        String id = ConnectorApiTest.connect(aliceToken, token);
        JsonPath first = sync(id, false, null);
        assertEquals("idle", first.getString("status"));

        clickUp.revoke(token);
        given().auth().oauth2(aliceToken).post(CONNECTORS + "/" + id + "/sync").then().statusCode(202);
        JsonPath refused = awaitSync(id, first.getString("sync.startedAt"));
        assertEquals("needs_reauth", refused.getString("status"), refused.prettify());
        assertTrue(refused.getString("lastError").contains("ClickUp refused"), refused.getString("lastError"));
        assertFalse(refused.prettify().contains(token));
        int calls = clickUp.server().findAll(getRequestedFor(urlPathMatching("/api/v2/.*"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token))).size();

        JsonPath usage = given().header("X-Internal-Token", RagTestEnvironment.INTERNAL_TOKEN).queryParam("owner", alice)
                .queryParam("since", java.time.Instant.now().minusSeconds(3600).toString())
                .get("/internal/v1/usage/documents").then().statusCode(200).extract().jsonPath();
        assertEquals(2, usage.getInt("connections.syncs.total"), usage.prettify());
        assertEquals(1, usage.getInt("connections.syncs.needsReauth"));
        assertEquals(1, usage.getInt("connections.byStatus.needs_reauth"));
        given().auth().oauth2(aliceToken).post(CONNECTORS + "/" + id + "/sync").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("PATCH"));
        worker.schedule();
        assertEquals(calls, clickUp.server().findAll(getRequestedFor(urlPathMatching("/api/v2/.*"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token))).size(), "no call with a refused token: no retry storm");
        given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + id).then().statusCode(200)
                .body("status", equalTo("needs_reauth")).body("sync.requestedAt", org.hamcrest.Matchers.nullValue());

        String renewed = clickUp.newToken();
        clickUp.hierarchy(renewed);
        clickUp.board(renewed).put(ClickUpStandIn.LIST, ClickUpStandIn.task("86d01", "Refused", "Text, renewed.", AN_HOUR_AGO + 1));
        given().auth().oauth2(aliceToken).contentType("application/json").body(Map.of("token", renewed))
                .patch(CONNECTORS + "/" + id).then().statusCode(200).body("status", equalTo("idle"));
        JsonPath again = sync(id, true, refused.getString("sync.startedAt"));
        assertEquals("idle", again.getString("status"));
        assertEquals(1, again.getInt("sync.last.updated"));
    }

    @Test
    void aRateLimitedTaskPageIsWaitedForAndTheSyncCarriesOn() {
        board.put(ClickUpStandIn.LIST, ClickUpStandIn.task("86e01", "Limited", "Text.", AN_HOUR_AGO));
        String scenario = "rate-limit-" + token;
        clickUp.server().stubFor(ClickUpStandIn.withToken(get(urlPathEqualTo("/api/v2/list/" + ClickUpStandIn.LIST + "/task")), token)
                .atPriority(5).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("X-RateLimit-Limit", "100")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 1))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"err\":\"Rate limit reached\",\"ECODE\":\"APP_002\"}")));
        String id = ConnectorApiTest.connect(aliceToken, token);
        JsonPath synced = sync(id, false, null);
        assertEquals("idle", synced.getString("status"), synced.prettify());
        assertEquals(1, synced.getInt("sync.last.created"));
    }

    @Test
    void oneSyncPerConnectionAtATimeAndTheScheduleAsksForWhatIsDue() throws InterruptedException {
        String id = ConnectorApiTest.connect(aliceToken, token);
        UUID connector = UUID.fromString(id);
        Optional<SyncStore.Claim> first = store.claim(connector, "worker-a", Duration.ofMillis(300)).await().indefinitely();
        assertTrue(first.isPresent());
        assertTrue(store.claim(connector, "worker-b", Duration.ofSeconds(20)).await().indefinitely().isEmpty(),
                "held by worker-a");
        assertTrue(store.markDue(Duration.ZERO, Duration.ofMinutes(5), 1000).await().indefinitely().stream()
                .noneMatch(r -> r.connectorId().equals(connector)), "a running sync is not due");
        Thread.sleep(400); // worker-a's lease runs out (it died)
        Optional<SyncStore.Claim> taken = store.claim(connector, "worker-b", Duration.ofSeconds(20)).await().indefinitely();
        assertTrue(taken.isPresent(), "an expired lease is taken over");
        assertFalse(store.renew(connector, "worker-a", Duration.ofSeconds(20)).await().indefinitely(), "worker-a lost it");
        assertTrue(store.finish(first.get(), "worker-a", dev.ragsuite.ingest.ConnectorStatus.IDLE, null, true,
                new dev.ragsuite.ingest.Connector.SyncFigures(0, 0, 0, 0, 0, 0)).await().indefinitely().isEmpty(),
                "worker-a cannot end worker-b's sync");
        assertTrue(store.finish(taken.get(), "worker-b", dev.ragsuite.ingest.ConnectorStatus.FAILED, "test", false,
                new dev.ragsuite.ingest.Connector.SyncFigures(0, 0, 0, 0, 0, 0)).await().indefinitely().isPresent());

        // a connection never synced is due: the schedule puts it on the stream and a worker syncs it
        board.put(ClickUpStandIn.LIST, ClickUpStandIn.task("86f01", "Scheduled", "Text.", AN_HOUR_AGO));
        String fresh = ConnectorApiTest.connect(aliceToken, token);
        assertTrue(worker.schedule() >= 1);
        JsonPath scheduled = awaitSync(fresh, null);
        assertEquals("idle", scheduled.getString("status"), scheduled.prettify());
        assertEquals(1, scheduled.getInt("sync.last.created"));
        worker.schedule();
        given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + fresh).then().statusCode(200)
                .body("sync.requestedAt", org.hamcrest.Matchers.nullValue()); // synced just now: not due again
    }

    /** Asks for a sync and waits for it to end; {@code after}: the start of the previous one. */
    private JsonPath sync(String id, boolean full, String after) {
        given().auth().oauth2(aliceToken).post(CONNECTORS + "/" + id + "/sync" + (full ? "?full=true" : ""))
                .then().statusCode(202);
        return awaitSync(id, after);
    }

    /** Waits until a sync that started after {@code after} (any, when null) has ended. */
    private JsonPath awaitSync(String id, String after) {
        return await().atMost(SYNCED_WITHIN).pollInterval(Duration.ofMillis(100)).until(
                () -> given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + id).then().statusCode(200).extract().jsonPath(),
                c -> c.getString("sync.startedAt") != null && !c.getString("sync.startedAt").equals(after)
                        && !"syncing".equals(c.getString("status")) && c.getString("sync.requestedAt") == null);
    }

    /** Alice's ClickUp documents: task id → document id. */
    private Map<String, String> documentsByTask() {
        List<Map<String, Object>> documents = given().auth().oauth2(aliceToken).get("/api/documents?size=100")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return documents.stream().filter(d -> "clickup".equals(((Map<?, ?>) d.get("source")).get("type")))
                .collect(Collectors.toMap(d -> (String) ((Map<?, ?>) d.get("source")).get("externalId"),
                        d -> (String) d.get("id")));
    }

    /** The text of the chunks ingest sent to vector-service for the document's latest upsert. */
    private String indexedText(String documentId) {
        var captor = org.mockito.ArgumentCaptor.forClass(UpsertRequest.class);
        verify(vectors, atLeastOnce()).upsert(captor.capture());
        UpsertRequest latest = captor.getAllValues().stream().filter(r -> r.documentId().toString().equals(documentId))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("nothing indexed for " + documentId));
        assertEquals("clickup", latest.source().type());
        return latest.chunks().stream().map(c -> c.text()).collect(Collectors.joining("\n"));
    }

    /** Upserts ingest sent to vector-service for these documents. */
    private int upserts(java.util.Collection<String> documentIds) {
        return (int) mockingDetails(vectors).getInvocations().stream().filter(i -> i.getMethod().getName().equals("upsert"))
                .filter(i -> documentIds.contains(((UpsertRequest) i.getArgument(0)).documentId().toString())).count();
    }
}
