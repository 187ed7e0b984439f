package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.PrometheusScrape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The RAG metrics in each service's own {@code /q/metrics} after the end-to-end path. It runs its own
 * path first (a user uploads a document, waits until it is indexed, asks the same question twice, and
 * runs into the chat rate limit), so it passes alone ({@code -Dit.test=MetricsIT}) as well as after the
 * earlier classes; every count is compared with what that path must at least have produced.
 */
@Order(6)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    private static final String PASSWORD = "correct horse battery staple 42";
    private static final String QUESTION = "What colour is the Quellberg lighthouse painted?";
    private static final String DOCUMENT = """
            # The Quellberg lighthouse

            The Quellberg lighthouse is painted red and white and stands on the northern cliff.
            Its lamp was first lit in 1887 and can be seen from thirty kilometres at sea.
            """;

    private static Suite suite;

    @BeforeAll
    static void runThePath() {
        suite = SuiteExtension.suite();
        String token = SuiteUser.register("Metrics", PASSWORD).token();

        String documentId = given().auth().oauth2(token)
                .multiPart("file", "quellberg.md", DOCUMENT.getBytes(StandardCharsets.UTF_8), "text/markdown")
                .post("/api/documents").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String status = given().auth().oauth2(token).get("/api/documents/" + documentId).path("status");
            assertFalse("failed".equals(status), "ingestion failed");
            return "indexed".equals(status);
        });

        for (int i = 0; i < 2; i++) { // a cache miss, then a hit
            String answer = given().auth().oauth2(token).contentType("application/json").body(Map.of("question", QUESTION))
                    .post("/api/chat").then().statusCode(200).extract().path("answer");
            assertThat(answer, containsString("red and white"));
        }

        // the chat budget is per user (burst 10): empty questions are refused by chat-service (400)
        // until the gateway refuses them itself (429)
        int status = 0;
        for (int i = 0; i < 40 && status != 429; i++) {
            status = given().auth().oauth2(token).contentType("application/json").body(Map.of("question", ""))
                    .post("/api/chat").then().extract().statusCode();
        }
        assertThat("the chat rate limit was reached", status, is(429));
    }

    @Test
    @Order(1)
    void ingestServiceCountsDocumentsChunksJobsAndTheJobStreamLag() {
        // documents by state is refreshed by the reconciler (every 2 s in this suite)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(scrape("ingest-service").sum("rag_ingest_documents", Map.of("state", "indexed")),
                        greaterThanOrEqualTo(1.0)));
        PrometheusScrape ingest = scrape("ingest-service");
        assertThat(ingest.sum("rag_ingest_chunks_total", Map.of()), greaterThanOrEqualTo(1.0));
        assertThat(ingest.sum("rag_ingest_jobs_total", Map.of("outcome", "indexed")), greaterThanOrEqualTo(1.0));
        assertHistogram(ingest, "rag_ingest_job_seconds", Map.of());
        assertHistogram(ingest, "rag_ingest_parse_seconds", Map.of());
        assertHistogram(ingest, "rag_ingest_embed_seconds", Map.of());
        assertHistogram(ingest, "http_server_requests_seconds", Map.of("uri", "/api/documents"));
        assertStreamGauges("ingest-service", "rag:ingest:jobs", "ingest-workers");
    }

    @Test
    @Order(2)
    void vectorServiceTimesSearchesAndEmbeddingsAndCountsTheEmbeddingCache() {
        PrometheusScrape vector = scrape("vector-service");
        assertHistogram(vector, "rag_vector_search_seconds", Map.of());
        assertHistogram(vector, "rag_vector_embedding_seconds", Map.of());
        assertHistogram(vector, "http_server_requests_seconds", Map.of("uri", "/internal/v1/search"));
        assertThat(vector.sum("rag_vector_chunks_upserted_total", Map.of()), greaterThanOrEqualTo(1.0));
        assertThat(vector.sum("rag_vector_index_chunks", Map.of()), greaterThanOrEqualTo(1.0));
        assertThat(vector.sum("rag_vector_embedding_cache_total", Map.of("result", "miss")), greaterThanOrEqualTo(1.0));
        assertThat(vector.samples("rag_vector_embedding_cache_total", Map.of("result", "hit")), not(empty()));
    }

    @Test
    @Order(3)
    void chatServiceCountsAnswersAndCacheHitsAndTimesRetrievalAndGeneration() {
        PrometheusScrape chat = scrape("chat-service");
        assertThat(chat.sum("rag_chat_answers_total", Map.of("mode", "extractive")), greaterThanOrEqualTo(1.0));
        assertThat(chat.sum("rag_chat_answer_cache_total", Map.of("result", "hit")), greaterThanOrEqualTo(1.0));
        assertThat(chat.sum("rag_chat_answer_cache_total", Map.of("result", "miss")), greaterThanOrEqualTo(1.0));
        assertThat(chat.samples("rag_citation_invalid_total", Map.of()), not(empty()));
        assertHistogram(chat, "rag_chat_retrieval_seconds", Map.of("outcome", "success"));
        assertHistogram(chat, "rag_chat_generation_seconds", Map.of("mode", "extractive"));
        assertHistogram(chat, "http_server_requests_seconds", Map.of("uri", "/api/chat"));
        assertStreamGauges("chat-service", "rag:documents:events", "chat-service");
    }

    @Test
    @Order(4)
    void gatewayCountsRejectionsByReasonAndAuthCountsLogins() {
        PrometheusScrape gateway = scrape("gateway");
        assertThat(gateway.sum("rag_gateway_rejected_total", Map.of("reason", "rate_limited")), greaterThanOrEqualTo(1.0));
        assertHistogram(gateway, "http_server_requests_seconds", Map.of());
        PrometheusScrape auth = scrape("auth-service");
        assertThat(auth.sum("rag_auth_logins_total", Map.of("outcome", "success")), greaterThanOrEqualTo(1.0));
        assertThat(auth.sum("rag_auth_registrations_total", Map.of("outcome", "created")), greaterThanOrEqualTo(1.0));
        assertHistogram(auth, "http_server_requests_seconds", Map.of("uri", "/api/auth/login"));
    }

    /** Bucket series with the histogram's boundaries, and at least one observation in the +Inf bucket. */
    private static void assertHistogram(PrometheusScrape scrape, String metric, Map<String, String> labels) {
        var buckets = scrape.samples(metric + "_bucket", labels);
        assertThat(metric + " has bucket series", buckets.size(), greaterThan(5));
        double inf = buckets.stream().filter(b -> "+Inf".equals(b.labels().get("le")))
                .mapToDouble(PrometheusScrape.Sample::value).sum();
        assertThat(metric + " observed something", inf, greaterThanOrEqualTo(1.0));
        assertThat(inf, is(scrape.sum(metric + "_count", labels)));
    }

    /** Both gauges of the group present with a known value (polled every 15 s, so it may take one poll). */
    private static void assertStreamGauges(String service, String stream, String group) {
        Map<String, String> labels = Map.of("stream", stream, "group", group);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape(service);
            for (String gauge : new String[] { "rag_stream_lag", "rag_stream_pending" }) {
                var samples = scrape.samples(gauge, labels);
                assertThat(service + " reports " + gauge, samples.size(), is(1));
                double value = samples.get(0).value();
                assertTrue(!Double.isNaN(value) && value >= 0, gauge + " of " + group + " is known: " + value);
            }
        });
        suite.report.add(service + " " + group + ": lag " + scrape(service).sum("rag_stream_lag", labels)
                + ", pending " + scrape(service).sum("rag_stream_pending", labels));
    }

    private static PrometheusScrape scrape(String service) {
        return PrometheusScrape.parse(given().baseUri(suite.serviceUrl(service)).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }
}
