package dev.ragsuite.streams;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;

/**
 * Trace context on Redis stream entries: a producer adds the W3C {@code traceparent} field (and
 * {@code tracestate}/{@code baggage} when there are any) of the current span with the configured
 * propagators; {@link StreamConsumer} extracts it and handles the entry in a CONSUMER span whose
 * parent is the producer's span, so one trace covers both sides of the stream.
 */
public final class StreamTracing {

    /** The W3C trace-context field every producer adds (absent on entries written outside a span). */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private StreamTracing() {
    }

    /** A copy of {@code fields} with the current trace context added. */
    public static Map<String, String> withTraceContext(OpenTelemetry otel, Map<String, String> fields) {
        Map<String, String> entry = new HashMap<>(fields);
        otel.getPropagators().getTextMapPropagator().inject(Context.current(), entry, SETTER);
        return entry;
    }

    /** The producer's context carried by an entry's fields; {@link Context#root()} when there is none. */
    static Context extract(OpenTelemetry otel, Map<String, String> fields) {
        return otel.getPropagators().getTextMapPropagator().extract(Context.root(), fields, GETTER);
    }
}
