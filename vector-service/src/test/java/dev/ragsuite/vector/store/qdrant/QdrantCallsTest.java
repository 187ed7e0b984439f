package dev.ragsuite.vector.store.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.SettableFuture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Qdrant call is a CLIENT span in the caller's trace: operation and collection, and its failure. */
class QdrantCallsTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()
            .get("test");

    @Test
    void aCallIsAClientSpanUnderTheRequestThatMadeIt() throws IOException {
        Span request = tracer.spanBuilder("POST /internal/v1/search").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            assertEquals(List.of("hit"), QdrantCalls.await(tracer, "rag_minilm_384", "search the collection rag_minilm_384",
                    Futures.immediateFuture(List.of("hit")), Duration.ofSeconds(1)));
        } finally {
            request.end();
        }
        SpanData call = only("qdrant search");
        assertEquals(SpanKind.CLIENT, call.getKind());
        assertEquals(request.getSpanContext().getTraceId(), call.getTraceId());
        assertEquals(request.getSpanContext().getSpanId(), call.getParentSpanId());
        assertEquals("qdrant", call.getAttributes().get(AttributeKey.stringKey("db.system")));
        assertEquals("search", call.getAttributes().get(AttributeKey.stringKey("db.operation")));
        assertEquals("rag_minilm_384", call.getAttributes().get(AttributeKey.stringKey("db.collection.name")));
        assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
    }

    @Test
    void aFailedOrLateCallEndsItsSpanAsAnError() {
        SettableFuture<Long> failing = SettableFuture.create();
        failing.setException(new IllegalStateException("UNAVAILABLE: io exception"));
        IOException failed = assertThrows(IOException.class, () -> QdrantCalls.await(tracer, "rag_x",
                "count the collection rag_x", failing, Duration.ofSeconds(1)));
        assertTrue(failed.getMessage().startsWith("Qdrant could not count the collection rag_x"), failed.getMessage());
        assertEquals(StatusCode.ERROR, only("qdrant count").getStatus().getStatusCode());

        SettableFuture<Boolean> never = SettableFuture.create();
        assertThrows(IOException.class, () -> QdrantCalls.await(tracer, "", "check its health", never, Duration.ZERO));
        assertTrue(never.isCancelled(), "a late call is cancelled");
        SpanData health = only("qdrant check");
        assertEquals(StatusCode.ERROR, health.getStatus().getStatusCode());
        assertFalse(health.getAttributes().asMap().containsKey(AttributeKey.stringKey("db.collection.name")),
                "a call about the server names no collection");
    }

    private SpanData only(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, spans.size(), name + " in " + exporter.getFinishedSpanItems());
        return spans.get(0);
    }
}
