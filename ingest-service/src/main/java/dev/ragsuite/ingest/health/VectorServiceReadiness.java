package dev.ragsuite.ingest.health;

import dev.ragsuite.common.health.DownstreamProbe;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when vector-service is alive: without it no document can be indexed or deleted. */
@Readiness
@ApplicationScoped
public class VectorServiceReadiness implements AsyncHealthCheck {

    private final DownstreamProbe probe;
    private final URI vectorUrl;

    public VectorServiceReadiness(DownstreamProbe probe, @ConfigProperty(name = "quarkus.rest-client.vector.url") URI vectorUrl) {
        this.probe = probe;
        this.vectorUrl = vectorUrl;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.liveness("vector-service", vectorUrl);
    }
}
