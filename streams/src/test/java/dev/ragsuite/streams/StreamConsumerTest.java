package dev.ragsuite.streams;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StreamConsumer} against the real Redis of the test environment ({@code RAG_TEST_REDIS_URL}, default db 1). */
class StreamConsumerTest extends RealRedisStreamTest {

    private static final String GROUP = "test-group";

    private final List<StreamConsumer> started = new ArrayList<>();
    private final List<String> handled = Collections.synchronizedList(new ArrayList<>());

    StreamConsumerTest() {
        super("rag:test:stream-consumer:");
    }

    @AfterEach
    void cleanUp() {
        started.forEach(c -> assertTrue(c.stop(Duration.ofSeconds(5)), "consumer thread ended"));
    }

    @Test
    void creatingTheGroupTwiceIsFine() {
        StreamConsumer one = consumer("one", "0", Duration.ofMinutes(1), entry -> true);
        one.createGroup();
        one.createGroup();
        consumer("two", "0", Duration.ofMinutes(1), entry -> true).createGroup();

        Response groups = redis.execute("XINFO", "GROUPS", stream);
        assertEquals(1, groups.size(), "one group on the stream MKSTREAM created");
        assertEquals(GROUP, groups.get(0).get("name").toString());
    }

    @Test
    void newGroupStartsWhereTold() {
        streams.xadd(stream, Map.of("n", "old"));
        start(consumer("c", "0", Duration.ofMinutes(1), recordAnd(true)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("old"));

        String other = stream + ":new-only";
        StreamConsumer newOnly = new StreamConsumer(redis, settings(other, "c", "$", Duration.ofMinutes(1)),
                recordAnd(true));
        try {
            streams.xadd(other, Map.of("n", "before"));
            newOnly.createGroup();
            newOnly.start();
            streams.xadd(other, Map.of("n", "after"));
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("after"));
            assertFalse(handled.contains("before"), "a \"$\" group skips what was there before it");
        } finally {
            assertTrue(newOnly.stop(Duration.ofSeconds(5)));
            redis.key().del(other);
        }
    }

    @Test
    void acknowledgesOnlyWhatTheHandlerSaysTo() {
        StreamConsumer consumer = consumer("c", "0", Duration.ofMinutes(1),
                entry -> recordAnd(!"keep".equals(entry.payload().get("n"))).handle(entry));
        consumer.createGroup();
        String keep = streams.xadd(stream, Map.of("n", "keep"));
        streams.xadd(stream, Map.of("n", "done"));
        start(consumer);

        await().atMost(Duration.ofSeconds(5)).until(() -> handled.containsAll(List.of("keep", "done")));
        List<PendingMessage> pending = pending();
        assertEquals(1, pending.size());
        assertEquals(keep, pending.get(0).getMessageId());
        assertEquals("c", pending.get(0).getConsumer());
    }

    @Test
    void malformedEntriesAreDroppedFailedOnesStayPending() {
        StreamConsumer consumer = consumer("c", "0", Duration.ofMinutes(1), entry -> {
            String n = entry.payload().get("n");
            handled.add(n);
            if ("malformed".equals(n)) {
                throw new IllegalArgumentException("no documentId");
            }
            if ("failing".equals(n)) {
                throw new IllegalStateException("database down");
            }
            return true;
        });
        consumer.createGroup();
        streams.xadd(stream, Map.of("n", "malformed"));
        String failing = streams.xadd(stream, Map.of("n", "failing"));
        streams.xadd(stream, Map.of("n", "fine"));
        start(consumer);

        await().atMost(Duration.ofSeconds(5)).until(() -> handled.containsAll(List.of("malformed", "failing", "fine")));
        List<PendingMessage> pending = pending();
        assertEquals(List.of(failing), pending.stream().map(PendingMessage::getMessageId).toList(),
                "the malformed and the fine entry are acknowledged, the failed one is not");
    }

    @Test
    void reclaimsAnotherConsumersStaleEntry() throws InterruptedException {
        streams.xgroupCreate(stream, GROUP, "0", new XGroupCreateArgs().mkstream());
        String id = streams.xadd(stream, Map.of("n", "orphan"));
        // a consumer that read the entry and died before acknowledging it
        assertEquals(1, streams.xreadgroup(GROUP, "dead", stream, ">", new XReadGroupArgs().count(10)).size());

        StreamConsumer patient = consumer("patient", "0", Duration.ofHours(1), recordAnd(true));
        assertTrue(patient.reclaim().isEmpty(), "an entry idle for less than reclaim-idle is left alone");

        Thread.sleep(150);
        start(consumer("rescuer", "0", Duration.ofMillis(100), recordAnd(true)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("orphan"));
        await().atMost(Duration.ofSeconds(5)).until(() -> pending().isEmpty());
        assertEquals(List.of("orphan"), handled, "handled once, by the consumer that reclaimed " + id);
    }

    @Test
    void stopLetsTheThreadEndAndReadsNothingMore() {
        StreamConsumer consumer = consumer("c", "0", Duration.ofMinutes(1), recordAnd(true));
        consumer.createGroup();
        consumer.start();
        assertTrue(consumer.stop(Duration.ofSeconds(5)), "stopped within block time");
        streams.xadd(stream, Map.of("n", "late"));
        assertEquals(1, streams.xlen(stream));
        assertTrue(handled.isEmpty());
        assertTrue(pending().isEmpty(), "nothing was read after stop");
    }

    @Test
    void theHandlerContinuesTheProducersTrace() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
        OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(tracing)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        try {
            Span upload = otel.getTracer("test").spanBuilder("POST /api/documents").setSpanKind(SpanKind.SERVER).startSpan();
            String tracedId;
            try (Scope scope = upload.makeCurrent()) {
                tracedId = streams.xadd(stream, StreamTracing.withTraceContext(otel, Map.of("n", "traced")));
            } finally {
                upload.end();
            }
            streams.xadd(stream, StreamTracing.withTraceContext(otel, Map.of("n", "untraced"))); // no span current
            String traceId = upload.getSpanContext().getTraceId();
            assertEquals("00-" + traceId + "-" + upload.getSpanContext().getSpanId() + "-01",
                    streams.xrange(stream, StreamRange.of(tracedId, tracedId)).get(0).payload().get(StreamTracing.TRACEPARENT));

            Map<String, SpanContext> seen = new java.util.concurrent.ConcurrentHashMap<>();
            StreamConsumer consumer = new StreamConsumer(redis, otel, settings(stream, "c", "0", Duration.ofMinutes(1)), entry -> {
                seen.put(entry.payload().get("n"), Span.current().getSpanContext());
                return true;
            });
            start(consumer);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);

            assertEquals(traceId, seen.get("traced").getTraceId(), "the handler runs in the upload's trace");
            assertFalse(traceId.equals(seen.get("untraced").getTraceId()), "an entry without traceparent starts a trace of its own");
            await().atMost(Duration.ofSeconds(5)).until(() -> consumerSpans(exported).size() == 2);
            SpanData process = consumerSpans(exported).stream()
                    .filter(s -> s.getTraceId().equals(traceId)).findFirst().orElseThrow();
            assertEquals(upload.getSpanContext().getSpanId(), process.getParentSpanId(), "a child of the producer's span");
            assertEquals(seen.get("traced").getSpanId(), process.getSpanId(), "the handler's current span is the CONSUMER span");
            assertEquals("process " + stream, process.getName());
            assertEquals(stream, process.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
            assertEquals(GROUP, process.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")));
            assertEquals(tracedId, process.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
            SpanData untraced = consumerSpans(exported).stream()
                    .filter(s -> !s.getTraceId().equals(traceId)).findFirst().orElseThrow();
            assertFalse(untraced.getParentSpanContext().isValid(), "a root span");
        } finally {
            tracing.close();
        }
    }

    private static List<SpanData> consumerSpans(InMemorySpanExporter exported) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CONSUMER).toList();
    }

    private StreamConsumer.Handler recordAnd(boolean ack) {
        return entry -> {
            handled.add(entry.payload().get("n"));
            return ack;
        };
    }

    private StreamConsumer consumer(String name, String startId, Duration reclaimIdle, StreamConsumer.Handler handler) {
        return new StreamConsumer(redis, settings(stream, name, startId, reclaimIdle), handler);
    }

    private static StreamConsumer.Settings settings(String stream, String name, String startId, Duration reclaimIdle) {
        return new StreamConsumer.Settings(stream, GROUP, name, startId, 10, Duration.ofMillis(200), reclaimIdle,
                Duration.ofMillis(100), "test-consumer-" + name, "test entry");
    }

    private void start(StreamConsumer consumer) {
        started.add(consumer);
        consumer.start();
    }

    private List<PendingMessage> pending() {
        return streams.xpending(stream, GROUP, StreamRange.of("-", "+"), 100);
    }
}
