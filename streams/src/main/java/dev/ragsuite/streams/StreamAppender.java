package dev.ragsuite.streams;

import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * How every producer appends to a stream: the entry's fields plus the current span's trace context
 * ({@link StreamTracing}), so {@link StreamConsumer} continues the trace, and the stream trimmed to about
 * {@code maxLength} entries (approximate trimming, cheap for Redis).
 */
@ApplicationScoped
public class StreamAppender {

    private final ReactiveStreamCommands<String, String, String> streams;
    private final OpenTelemetry otel;

    public StreamAppender(ReactiveRedisDataSource redis, OpenTelemetry otel) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.otel = otel;
    }

    /** @return the new entry's id */
    public Uni<String> append(String stream, long maxLength, Map<String, String> fields) {
        return streams.xadd(stream, new XAddArgs().maxlen(maxLength).nearlyExactTrimming(),
                StreamTracing.withTraceContext(otel, fields));
    }
}
