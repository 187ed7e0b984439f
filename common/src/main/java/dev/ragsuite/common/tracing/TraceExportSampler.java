package dev.ragsuite.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Records (and so exports) spans only when an OTLP endpoint was configured; otherwise every span is
 * created unsampled: trace and span ids still exist, reach the logs and travel downstream in
 * {@code traceparent}, but nothing is exported and no exporter logs connection errors.
 *
 * <p>Quarkus decides at build time that an OTLP exporter exists and, at run time, falls back to
 * {@value #QUARKUS_DEFAULT_ENDPOINT} when no endpoint is set (quarkusio/quarkus#44200: an empty
 * endpoint cannot be configured). "Configured" is therefore what Quarkus itself treats as such: a
 * {@code quarkus.otel.exporter.otlp.endpoint} or {@code …traces.endpoint} other than that default.
 * Quarkus uses the first {@link Sampler} bean in place of {@code quarkus.otel.traces.sampler}.
 */
@Singleton
public class TraceExportSampler implements Sampler {

    static final String QUARKUS_DEFAULT_ENDPOINT = "http://localhost:4317/";

    private final Sampler delegate;
    private final boolean exporting;

    public TraceExportSampler(Config config) {
        this.exporting = configured(config, "quarkus.otel.exporter.otlp.traces.endpoint")
                || configured(config, "quarkus.otel.exporter.otlp.endpoint");
        // the Quarkus default when exporting: follow the caller's sampling decision, sample new traces
        this.delegate = exporting ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff();
    }

    private static boolean configured(Config config, String property) {
        return config.getOptionalValue(property, String.class)
                .map(String::trim)
                .filter(endpoint -> !endpoint.isEmpty() && !QUARKUS_DEFAULT_ENDPOINT.equals(endpoint))
                .isPresent();
    }

    public boolean exporting() {
        return exporting;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "TraceExportSampler{" + delegate.getDescription() + "}";
    }
}
