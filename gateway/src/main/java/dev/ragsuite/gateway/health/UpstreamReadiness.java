package dev.ragsuite.gateway.health;

import dev.ragsuite.common.health.DownstreamProbe;
import dev.ragsuite.gateway.config.GatewayConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The gateway is ready when every service it routes to is live. */
@Readiness
@ApplicationScoped
public class UpstreamReadiness implements AsyncHealthCheck {

    private final DownstreamProbe probe;
    private final List<URI> targets;

    public UpstreamReadiness(DownstreamProbe probe, GatewayConfig config) {
        this.probe = probe;
        this.targets = config.routes().values().stream().map(GatewayConfig.Route::target).distinct().sorted().toList();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.join().all(targets.stream().map(t -> probe.liveness(t.toString(), t)).toList()).andFailFast()
                .map(results -> {
                    var builder = HealthCheckResponse.named("upstream services").up();
                    for (HealthCheckResponse r : results) {
                        builder.withData(r.getName(), r.getStatus().name());
                        if (r.getStatus() == HealthCheckResponse.Status.DOWN) {
                            builder.down();
                        }
                    }
                    return builder.build();
                });
    }
}
