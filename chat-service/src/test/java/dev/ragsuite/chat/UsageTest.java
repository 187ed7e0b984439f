package dev.ragsuite.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.when;

import dev.ragsuite.chat.support.Db;
import dev.ragsuite.chat.usage.UsageClients;
import dev.ragsuite.common.usage.DocumentFigures;
import dev.ragsuite.common.usage.QuotaUse;
import dev.ragsuite.common.usage.UserFigures;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The usage figures against real PostgreSQL: rows written straight into chat's tables (a known spread over
 * days, modes, latencies, citations and ratings), then read through {@code /api/me/usage} and
 * {@code /api/admin/metrics}. auth-service's and ingest-service's parts come from mocked REST clients here;
 * e2e {@code ChatIT} runs the whole path through the gateway, quota header included.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class UsageTest {

    private static final UUID DOC_A = UUID.randomUUID();
    private static final UUID DOC_B = UUID.randomUUID();
    private static final String VOLUME_OWNER_PREFIX = "usage-volume-";

    @InjectMock
    @RestClient
    UsageClients.Users users;

    @InjectMock
    @RestClient
    UsageClients.Documents documents;

    private String owner;
    private String token;
    private UUID conversation;

    @BeforeEach
    void seed() {
        owner = "usage-" + UUID.randomUUID();
        token = TestJwt.user(owner);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        conversation = UUID.randomUUID();
        Db.execute("insert into chat.conversations values ('" + conversation + "', '" + owner + "', 't', now(), now())",
                // today: 3 questions; 2 days ago: 1 question; 10 days ago: 1 (outside a 3-day window)
                questionAndAnswer(conversation, today, "extractive", 100, DOC_A, DOC_B),
                questionAndAnswer(conversation, today, "extractive", 200, DOC_A),
                questionAndAnswer(conversation, today, "llm", 300, DOC_B),
                questionAndAnswer(conversation, today.minusDays(2), "extractive", 400, DOC_A),
                questionAndAnswer(conversation, today.minusDays(10), "llm", 9000, DOC_B),
                "insert into chat.feedback select id, owner_id, case when latency_ms = 100 then 'down' else 'up' end, null,"
                        + " created_at from chat.messages where owner_id = '" + owner + "' and role = 'assistant'");
    }

    @AfterAll
    static void dropVolume() {
        Db.execute("delete from chat.conversations where owner_id like '" + VOLUME_OWNER_PREFIX + "%'");
    }

    @Test
    void oneUsersFiguresCoverTheirWindowOnly() {
        when(documents.documents(any(), any())).thenReturn(Uni.createFrom().item(
                new DocumentFigures(2, Map.of("indexed", 2L), Map.of("upload", 2L), 14, 2048, DocumentFigures.Connections.NONE)));
        JsonPath usage = given().auth().oauth2(token).get("/api/me/usage?days=3").then()
                .statusCode(200)
                .header("Cache-Control", "private, max-age=60")
                .header("Vary", containsString("Authorization"))
                .extract().jsonPath();

        assertEquals(3, usage.getInt("window.days"));
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(2).toString(), usage.getString("window.from"));
        assertEquals(4, usage.getInt("questions.total"));
        assertEquals(java.util.List.of(1, 0, 3), usage.getList("questions.perDay.questions"));
        assertEquals(4, usage.getInt("answers.total"));
        assertEquals(1, usage.getInt("answers.byMode.llm"));
        assertEquals(3, usage.getInt("answers.byMode.extractive"));
        assertEquals(200, usage.getInt("answers.latencyMs.p50"));
        assertEquals(400, usage.getInt("answers.latencyMs.p95"));
        assertEquals(3, usage.getInt("feedback.up"));
        assertEquals(1, usage.getInt("feedback.down"));
        assertEquals(DOC_A.toString(), usage.getString("mostCited[0].documentId"));
        assertEquals(3, usage.getInt("mostCited[0].answers"));
        assertEquals("doc-" + DOC_A, usage.getString("mostCited[0].name"));
        assertEquals(2, usage.getInt("mostCited[1].answers"));
        assertEquals(14, usage.getInt("documents.chunks"));
        assertThat(usage.get("quotas"), nullValue()); // not through the gateway: no quota use to report
    }

    @Test
    void theEtagAnswersUnchangedFiguresWith304UntilTheyChange() {
        when(documents.documents(any(), any())).thenReturn(Uni.createFrom().item(
                new DocumentFigures(0, Map.of(), Map.of(), 0, 0, DocumentFigures.Connections.NONE)));
        String quota = QuotaUse.format(Map.of("chat-questions", new QuotaUse(4, 500, 3600)));
        ExtractableResponse<Response> first = given().auth().oauth2(token).header(QuotaUse.HEADER, quota)
                .get("/api/me/usage").then().statusCode(200)
                .body("quotas.'chat-questions'.used", is(4))
                .body("quotas.'chat-questions'.limit", is(500)).extract();
        String etag = first.header("ETag");

        given().auth().oauth2(token).header(QuotaUse.HEADER, quota).header("If-None-Match", etag)
                .get("/api/me/usage").then().statusCode(304).header("ETag", etag)
                .header("Cache-Control", "private, max-age=60");
        given().auth().oauth2(token).header(QuotaUse.HEADER, quota).header("If-None-Match", "\"something-else\", " + etag)
                .get("/api/me/usage").then().statusCode(304);
        // a second later the countdown to the quota's reset moved, the figures did not: still 304
        String later = QuotaUse.format(Map.of("chat-questions", new QuotaUse(4, 500, 3599)));
        given().auth().oauth2(token).header(QuotaUse.HEADER, later).header("If-None-Match", etag)
                .get("/api/me/usage").then().statusCode(304).header("ETag", etag);
        // one more question counted by the gateway: changed
        String used = QuotaUse.format(Map.of("chat-questions", new QuotaUse(5, 500, 3599)));
        given().auth().oauth2(token).header(QuotaUse.HEADER, used).header("If-None-Match", etag)
                .get("/api/me/usage").then().statusCode(200).body("quotas.'chat-questions'.used", is(5));

        Db.execute(questionAndAnswer(conversation, LocalDate.now(ZoneOffset.UTC), "llm", 50, DOC_B));
        given().auth().oauth2(token).header(QuotaUse.HEADER, quota).header("If-None-Match", etag)
                .get("/api/me/usage").then().statusCode(200).body("questions.total", is(6)); // 5 seeded in the 30 days, 1 more
    }

    @Test
    void everyonesFiguresAreForAdminsAndNeverHalfEmpty() {
        given().auth().oauth2(token).get("/api/admin/metrics").then().statusCode(403)
                .contentType("application/problem+json");

        String admin = TestJwt.token("admin-" + UUID.randomUUID(), UUID.randomUUID().toString(), Set.of("admin"));
        when(users.users(any())).thenReturn(Uni.createFrom().item(new UserFigures(12, 5, 2)));
        when(documents.documents(isNull(), any())).thenReturn(Uni.createFrom().item(
                new DocumentFigures(7, Map.of("indexed", 6L, "failed", 1L), Map.of("upload", 7L), 70, 7000, DocumentFigures.Connections.NONE)));
        given().auth().oauth2(admin).get("/api/admin/metrics?days=30").then()
                .statusCode(200)
                .body("users.total", is(12))
                .body("users.active", is(5))
                .body("documents.byStatus.failed", is(1))
                .body("questions.perDay.size()", is(30))
                .body("questions.total", greaterThanOrEqualTo(5))
                .body("quotas", nullValue());

        when(users.users(any())).thenReturn(Uni.createFrom().failure(new java.net.ConnectException("refused")));
        given().auth().oauth2(admin).get("/api/admin/metrics").then()
                .statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("auth-service is unavailable"));
    }

    @Test
    void aWindowThatIsNotADayCountIsA400() {
        for (String days : new String[] {"0", "367", "abc", "1.5", "-3"}) {
            given().auth().oauth2(token).get("/api/me/usage?days=" + days).then()
                    .statusCode(400).contentType("application/problem+json").body(containsString("days"));
        }
    }

    @Test
    void aHundredThousandMessagesAreCounted() {
        // 50,000 questions and 50,000 answers of 500 owners over 30 days, each answer citing one of 50 documents
        String volume = VOLUME_OWNER_PREFIX + UUID.randomUUID() + "-";
        Db.execute("insert into chat.conversations select md5('" + volume + "' || o)::uuid, '" + volume + "' || o, 't', now(), now()"
                        + " from generate_series(1, 500) o",
                "insert into chat.messages (id, conversation_id, owner_id, role, content, mode, citations, latency_ms, created_at)"
                        + " select gen_random_uuid(), md5('" + volume + "' || (i % 500 + 1))::uuid, '" + volume + "' || (i % 500 + 1),"
                        + " r, 'x', case when r = 'assistant' then 'extractive' end,"
                        + " case when r = 'assistant' then jsonb_build_array(jsonb_build_object('documentId',"
                        + " md5('doc' || (i % 50))::uuid, 'documentName', 'doc ' || (i % 50))) end,"
                        + " case when r = 'assistant' then i % 1000 end, now() - (i % 30) * interval '1 day'"
                        + " from generate_series(1, 50000) i, (values ('user'), ('assistant')) roles(r)");
        String admin = TestJwt.token("admin-" + UUID.randomUUID(), UUID.randomUUID().toString(), Set.of("admin"));
        when(users.users(any())).thenReturn(Uni.createFrom().item(new UserFigures(500, 500, 500)));
        when(documents.documents(isNull(), any())).thenReturn(Uni.createFrom().item(
                new DocumentFigures(0, Map.of(), Map.of(), 0, 0, DocumentFigures.Connections.NONE)));
        given().auth().oauth2(admin).get("/api/admin/metrics?days=30").then().statusCode(200); // warm
        long start = System.nanoTime();
        JsonPath all = given().auth().oauth2(admin).get("/api/admin/metrics?days=30").then().statusCode(200)
                .extract().jsonPath();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("usage figures over >= 100,000 messages: GET /api/admin/metrics?days=30 took %d ms%n", millis);
        assertThat(all.getInt("questions.total"), greaterThanOrEqualTo(50_000));
        assertThat(all.getInt("answers.byMode.extractive"), greaterThanOrEqualTo(50_000));
        assertThat(all.getInt("mostCited[0].answers"), greaterThanOrEqualTo(1_000)); // each of the 50 documents: 1,000 answers
        assertThat(all.getInt("answers.latencyMs.p95"), greaterThanOrEqualTo(all.getInt("answers.latencyMs.p50")));
    }

    private String questionAndAnswer(UUID conversation, LocalDate day, String mode, int latency, UUID... cited) {
        StringBuilder citations = new StringBuilder("[");
        for (int i = 0; i < cited.length; i++) {
            citations.append(i == 0 ? "" : ",").append("{\"n\":").append(i + 1).append(",\"documentId\":\"").append(cited[i])
                    .append("\",\"documentName\":\"doc-").append(cited[i]).append("\"}");
        }
        citations.append(']');
        String at = "'" + day + "T12:00:00Z'::timestamptz";
        return "insert into chat.messages (id, conversation_id, owner_id, role, content, mode, citations, latency_ms, created_at) values"
                + " (gen_random_uuid(), '" + conversation + "', '" + owner + "', 'user', 'q', null, null, null, " + at + "),"
                + " (gen_random_uuid(), '" + conversation + "', '" + owner + "', 'assistant', 'a', '" + mode + "', '" + citations
                + "'::jsonb, " + latency + ", " + at + " + interval '1 microsecond')";
    }
}
