package dev.ragsuite.ingest.health;

import dev.ragsuite.ingest.config.IngestConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when vector-service is alive: without it no document can be indexed or deleted.
 * Uses its own small client with a short timeout, separate from the data-path client and its breaker.
 */
@Readiness
@ApplicationScoped
public class VectorServiceReadiness implements AsyncHealthCheck {

    private static final String NAME = "vector-service";

    private final VectorLivenessClient client;
    private final Duration timeout;
    private final String url;

    public VectorServiceReadiness(@ConfigProperty(name = "quarkus.rest-client.vector.url") String url, IngestConfig config) {
        this.url = url;
        this.timeout = config.vectorHealthTimeout();
        this.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(VectorLivenessClient.class);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return client.live()
                .ifNoItem().after(timeout).fail()
                .map(response -> {
                    int status = response.getStatus();
                    response.close();
                    return HealthCheckResponse.named(NAME).status(status == 200).withData("url", url).build();
                })
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("url", url).withData("error", e.getClass().getSimpleName()).build());
    }
}
