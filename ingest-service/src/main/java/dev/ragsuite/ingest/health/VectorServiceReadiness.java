package dev.ragsuite.ingest.health;

import dev.ragsuite.common.health.DownstreamProbe;
import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when vector-service is alive: without it no document can be indexed or deleted. */
@Readiness
@ApplicationScoped
public class VectorServiceReadiness implements AsyncHealthCheck {

    private final DownstreamProbe probe;
    private final URI vectorUrl;

    public VectorServiceReadiness(DownstreamProbe probe, IngestConfig config) {
        this.probe = probe;
        this.vectorUrl = config.vector().url();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.liveness("vector-service", vectorUrl);
    }
}
