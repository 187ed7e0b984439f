package dev.ragsuite.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.quarkus.redis.datasource.stream.StreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one way producers append (real Redis): the fields, the current trace context, approximate trimming. */
class StreamAppenderTest extends RealRedisStreamTest {

    private final OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final StreamAppender appender = new StreamAppender(redis.getReactive(), otel);

    StreamAppenderTest() {
        super("rag:test:stream-appender:");
    }

    @Test
    void anEntryCarriesItsFieldsAndTheProducersTraceContext() {
        Span span = otel.getTracer("test").spanBuilder("produce").startSpan();
        String id;
        try (Scope ignored = span.makeCurrent()) {
            id = appender.append(stream, 100, Map.of("documentId", "d1")).await().atMost(Duration.ofSeconds(5));
        } finally {
            span.end();
        }
        String untraced = appender.append(stream, 100, Map.of("documentId", "d2")).await().atMost(Duration.ofSeconds(5));

        List<StreamMessage<String, String, String>> entries = streams.xrange(stream,
                io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        assertEquals(List.of(id, untraced), entries.stream().map(StreamMessage::id).toList());
        assertEquals("d1", entries.get(0).payload().get("documentId"));
        assertEquals("00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-01",
                entries.get(0).payload().get(StreamTracing.TRACEPARENT));
        assertFalse(entries.get(1).payload().containsKey(StreamTracing.TRACEPARENT));
    }

    @Test
    void theStreamIsTrimmedToAboutItsMaximumLength() {
        for (int i = 0; i < 1_000; i++) {
            appender.append(stream, 100, Map.of("n", Integer.toString(i))).await().atMost(Duration.ofSeconds(5));
        }
        long length = streams.xlen(stream);
        assertTrue(length >= 100 && length < 1_000, "length after 1000 appends trimmed to ~100: " + length);
    }
}
