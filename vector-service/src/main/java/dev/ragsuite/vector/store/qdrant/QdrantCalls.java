package dev.ragsuite.vector.store.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a Qdrant call: a second longer than its own gRPC deadline, which normally ends it first.
 * Each wait is a CLIENT span {@code qdrant <operation>} (there is no OpenTelemetry instrumentation of
 * the Qdrant gRPC client to make one), child of the request that needed it; its attributes are the
 * operation and the collection, never payloads or vectors.
 */
final class QdrantCalls {

    private QdrantCalls() {
    }

    /**
     * @param collection the collection the call is about; empty for calls about the server
     * @param what the call in words, starting with its verb ("search the collection rag_x"): error
     *        messages use it, the span its verb ({@code qdrant search}, {@code db.operation})
     * @throws IOException when Qdrant fails (the cause is the gRPC status), does not answer in time, or
     *         the wait is interrupted
     */
    static <T> T await(Tracer tracer, String collection, String what, ListenableFuture<T> future, Duration timeout)
            throws IOException {
        String operation = what.split(" ", 2)[0];
        var builder = tracer.spanBuilder("qdrant " + operation).setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", "qdrant")
                .setAttribute("db.operation", operation);
        if (!collection.isEmpty()) {
            builder.setAttribute("db.collection.name", collection);
        }
        Span span = builder.startSpan();
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            span.setStatus(StatusCode.ERROR, "failed");
            throw new IOException("Qdrant could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            span.setStatus(StatusCode.ERROR, "timeout");
            future.cancel(true);
            throw new IOException("Qdrant did not " + what + " within " + timeout, e);
        } catch (InterruptedException e) {
            span.setStatus(StatusCode.ERROR, "interrupted");
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Qdrant to " + what, e);
        } finally {
            span.end();
        }
    }
}
