package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.e2e.OtlpReceiver.ReceivedSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces and logs of the running suite, exported to the in-test OTLP receiver ({@link OtlpReceiver}):
 * one chat request through the gateway is one trace across gateway, chat-service and vector-service;
 * one upload is one trace from the ingest API through the Redis job stream to the worker (and its
 * vector-service upsert); no span carries the token or the question; the JSON service logs carry
 * trace id, span id, request id and user id, and never the token.
 *
 * <p>The client starts each trace itself with a W3C {@code traceparent} header (sampled), so the test
 * knows the trace id to look for among the spans of the other classes' requests.
 */
@Order(5)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingIT {

    private static final String PASSWORD = "tracing horse battery staple 7";
    private static final String QUESTION = "When did the Orlen lighthouse of Tracing Bay first shine?";
    private static final String DOCUMENT = """
            # The Orlen Lighthouse

            The Orlen lighthouse of Tracing Bay first shone in 1874, lit by a paraffin lamp.
            It was automated in 1969 and still guides the ferries from the mainland.
            """;
    private static final Duration EXPORTED_WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Suite suite;
    private static String token;
    private static String userId;
    private static String documentId;
    private static String chatRequestId;
    private static String chatTraceId;

    @BeforeAll
    static void user() {
        suite = SuiteExtension.suite();
        SuiteUser user = SuiteUser.register("Tracing", PASSWORD);
        token = user.token();
        userId = user.id();
    }

    @Test
    @Order(1)
    void anUploadIsOneTraceFromTheIngestApiThroughTheStreamToTheWorker() {
        String[] parent = newTraceparent();
        documentId = given().auth().oauth2(token).header("traceparent", parent[2])
                .multiPart("file", "orlen.md", DOCUMENT.getBytes(StandardCharsets.UTF_8), "text/markdown")
                .post("/api/documents").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String status = given().auth().oauth2(token).get("/api/documents/" + documentId).path("status");
            assertFalse("failed".equals(status), "ingestion failed");
            return "indexed".equals(status);
        });
        String traceId = parent[0];

        // the worker's CONSUMER span for this document, and the vector-service upsert it made
        List<ReceivedSpan> trace = await().atMost(EXPORTED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> suite.traces.trace(traceId), spans -> spans.stream().anyMatch(consumerOf(documentId))
                        && spans.stream().anyMatch(s -> s.service().equals("vector-service") && s.kind().equals("SPAN_KIND_SERVER")
                                && documentId.equals(s.attributes().get("rag.document.id"))));
        report("upload", trace);

        ReceivedSpan gateway = root(trace, parent[1]);
        assertEquals("gateway", gateway.service(), "the gateway's SERVER span continues the client's traceparent");
        ReceivedSpan api = only(trace, s -> s.service().equals("ingest-service") && s.kind().equals("SPAN_KIND_SERVER")
                && s.name().contains("/api/documents"));
        assertEquals("gateway", parentOf(trace, api).service(), "the ingest API is called by the gateway");

        ReceivedSpan worker = only(trace, consumerOf(documentId));
        assertEquals("ingest-service", worker.service());
        assertEquals("rag:ingest:jobs", worker.attributes().get("messaging.destination.name"));
        assertEquals("ingest-workers", worker.attributes().get("messaging.consumer.group.name"));
        assertNotNull(worker.attributes().get("rag.chunk.count"), "the worker records how many chunks it made");
        assertTrue(ancestors(trace, worker).contains(api), "the worker continues the upload's request span, via the stream entry's traceparent");

        ReceivedSpan upsert = trace.stream().filter(s -> s.service().equals("vector-service") && s.kind().equals("SPAN_KIND_SERVER")
                && documentId.equals(s.attributes().get("rag.document.id"))).findFirst().orElseThrow();
        assertTrue(ancestors(trace, upsert).contains(worker), "the vector-service upsert is a descendant of the worker's span");
        assertEquals(worker.attributes().get("rag.chunk.count"), upsert.attributes().get("rag.chunk.count"));
    }

    @Test
    @Order(2)
    void oneChatRequestIsOneTraceAcrossGatewayChatAndVectorService() {
        String[] parent = newTraceparent();
        chatTraceId = parent[0];
        chatRequestId = "tracing-it-" + UUID.randomUUID();
        given().auth().oauth2(token).header("traceparent", parent[2]).header("X-Request-Id", chatRequestId)
                .contentType("application/json").body(Map.of("question", QUESTION, "topK", 3))
                .post("/api/chat").then().statusCode(200).header("X-Request-Id", chatRequestId);

        List<ReceivedSpan> trace = await().atMost(EXPORTED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> suite.traces.trace(chatTraceId), spans -> services(spans).containsAll(
                        Set.of("gateway", "chat-service", "vector-service")) && spans.stream().anyMatch(search())
                        // a SERVER span ends (and is exported) after the spans of the calls it made: wait for the
                        // whole tree, every exported span's parent exported too, up to the client's own span
                        && closed(spans, parent[1]));
        report("chat", trace);

        assertThat(services(trace), hasItems("gateway", "chat-service", "vector-service"));
        ReceivedSpan gateway = root(trace, parent[1]);
        assertEquals("gateway", gateway.service());
        ReceivedSpan chat = only(trace, s -> s.service().equals("chat-service") && s.kind().equals("SPAN_KIND_SERVER")
                && s.name().contains("/api/chat"));
        assertEquals("gateway", parentOf(trace, chat).service(), "chat-service continues the gateway's upstream call");
        assertTrue(ancestors(trace, chat).contains(gateway));
        assertEquals("3", chat.attributes().get("rag.retrieval.top_k"));

        ReceivedSpan search = trace.stream().filter(search()).findFirst().orElseThrow();
        assertEquals("chat-service", parentOf(trace, search).service(), "vector-service continues chat-service's call");
        assertTrue(ancestors(trace, search).contains(chat));
        assertEquals("3", search.attributes().get("rag.retrieval.top_k"));
        assertNotNull(search.attributes().get("rag.embedding.model"));
    }

    @Test
    @Order(3)
    void noSpanCarriesTheTokenTheQuestionOrTheDocumentText() {
        List<String> leaks = new ArrayList<>();
        for (ReceivedSpan span : suite.traces.spans()) {
            span.attributes().forEach((key, value) -> {
                if (value.contains(token) || value.contains(QUESTION) || value.contains("paraffin lamp")
                        || value.contains(PASSWORD) || value.toLowerCase().startsWith("bearer ")) {
                    leaks.add(span.service() + " " + span.name() + " " + key);
                }
            });
        }
        assertEquals(List.of(), suite.traces.errors(), "exports the receiver could not decode");
        assertTrue(suite.traces.spans().size() > 10, "spans were exported at all, on " + suite.traces.paths());
        assertEquals(List.of(), leaks, "span attributes holding a secret or user text");
    }

    @Test
    @Order(4)
    void theJsonLogsCarryTraceSpanRequestAndUserIds() throws IOException {
        assertNotNull(chatTraceId, "runs after the chat request");
        for (String service : List.of("gateway", "chat-service")) {
            JsonNode line = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> requestLine(service, chatRequestId), Optional::isPresent).orElseThrow();
            JsonNode mdc = line.path("mdc");
            assertEquals(chatTraceId, mdc.path("traceId").asText(), service + ": " + line);
            assertEquals(16, mdc.path("spanId").asText().length(), service + ": " + line);
            assertEquals(chatRequestId, mdc.path("requestId").asText(), service + ": " + line);
            assertEquals(userId, mdc.path("userId").asText(), service + ": " + line);
        }
        for (String service : List.of("gateway", "auth-service", "ingest-service", "vector-service", "chat-service")) {
            String log = Files.readString(logOf(service), StandardCharsets.UTF_8);
            assertFalse(log.contains(token), service + " logged the access token");
            assertFalse(log.contains(PASSWORD), service + " logged a password");
            assertFalse(log.contains(QUESTION), service + " logged the question");
        }
        // the worker's lines about the upload carry its CONSUMER span's trace id
        assertTrue(lines("ingest-service").anyMatch(l -> l.path("message").asText().contains(documentId)
                && l.path("mdc").path("traceId").asText().length() == 32), "an ingest worker line with a trace id");
    }

    /** The request-log line ({@code dev.ragsuite.request}) a service wrote for the request with this id. */
    private static Optional<JsonNode> requestLine(String service, String requestId) {
        return lines(service).filter(l -> "dev.ragsuite.request".equals(l.path("loggerName").asText())
                && requestId.equals(l.path("mdc").path("requestId").asText())).findFirst();
    }

    private static Stream<JsonNode> lines(String service) {
        try {
            return Files.readAllLines(logOf(service), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("{"))
                    .map(l -> {
                        try {
                            return JSON.readTree(l);
                        } catch (IOException e) {
                            throw new IllegalStateException("not a JSON log line: " + l, e);
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path logOf(String service) {
        return suite.home.resolve("logs/" + service + ".log");
    }

    /** {trace id, span id, traceparent} of a new sampled client span. */
    private static String[] newTraceparent() {
        HexFormat hex = HexFormat.of();
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(trace);
        ThreadLocalRandom.current().nextBytes(span);
        String traceId = hex.formatHex(trace);
        String spanId = hex.formatHex(span);
        return new String[] {traceId, spanId, "00-" + traceId + "-" + spanId + "-01"};
    }

    private static Predicate<ReceivedSpan> consumerOf(String documentId) {
        return s -> s.kind().equals("SPAN_KIND_CONSUMER") && documentId.equals(s.attributes().get("rag.document.id"));
    }

    private static Predicate<ReceivedSpan> search() {
        return s -> s.service().equals("vector-service") && s.kind().equals("SPAN_KIND_SERVER")
                && s.attributes().containsKey("rag.retrieval.top_k");
    }

    /** Whether the trace holds its root (the child of the client's span) and the parent of each of its spans. */
    private static boolean closed(List<ReceivedSpan> trace, String clientSpanId) {
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        return trace.stream().anyMatch(s -> s.parentSpanId().equals(clientSpanId))
                && trace.stream().allMatch(s -> s.parentSpanId().equals(clientSpanId) || ids.contains(s.parentSpanId()));
    }

    private static Set<String> services(List<ReceivedSpan> trace) {
        return trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    /** The trace's span whose parent is the client's own span (which was never exported). */
    private static ReceivedSpan root(List<ReceivedSpan> trace, String clientSpanId) {
        return only(trace, s -> s.parentSpanId().equals(clientSpanId));
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = trace.stream().filter(which).toList();
        assertEquals(1, found.size(), "exactly one such span in " + describe(trace));
        return found.get(0);
    }

    private static ReceivedSpan parentOf(List<ReceivedSpan> trace, ReceivedSpan span) {
        return trace.stream().filter(s -> s.spanId().equals(span.parentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the parent of " + span.name() + " is not in " + describe(trace)));
    }

    /** Parent, grandparent, … up to the span whose parent is outside the trace's exported spans. */
    private static List<ReceivedSpan> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
        List<ReceivedSpan> up = new ArrayList<>();
        Optional<ReceivedSpan> next = Optional.of(span);
        while (next.isPresent() && up.size() < 100) {
            String parentId = next.get().parentSpanId();
            next = trace.stream().filter(s -> s.spanId().equals(parentId)).findFirst();
            next.ifPresent(up::add);
        }
        return up;
    }

    private static String describe(List<ReceivedSpan> trace) {
        return trace.stream().map(s -> s.service() + ":" + s.kind().replace("SPAN_KIND_", "") + ":" + s.name()
                + "(" + s.spanId() + "<-" + s.parentSpanId() + ")").collect(Collectors.joining(", ", "[", "]"));
    }

    private void report(String what, List<ReceivedSpan> trace) {
        suite.report.add("trace of one " + what + ": " + trace.size() + " spans from " + services(trace).stream().sorted().toList());
    }

    /** The {@code sub} claim of a JWT (read, not verified: the suite issued it). */}
