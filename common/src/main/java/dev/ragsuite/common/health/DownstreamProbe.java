package dev.ragsuite.common.health;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness probe of another rag-suite service: UP when its `/q/health/live` answers 200 within
 * two seconds. One HTTP client for all probes of this process.
 */
@ApplicationScoped
public class DownstreamProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client;

    public DownstreamProbe(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setIdleTimeout(5)
                .setMaxPoolSize(4));
    }

    public Uni<HealthCheckResponse> check(String name, URI baseUrl) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(baseUrl.resolve("/q/health/live").toString())
                .setTimeout(TIMEOUT.toMillis());
        return client.request(request)
                .chain(req -> req.send())
                .map(HttpClientResponse::statusCode)
                .map(status -> HealthCheckResponse.named(name)
                        .status(status == 200)
                        .withData("url", baseUrl.toString())
                        .withData("liveStatus", status)
                        .build())
                .onFailure().recoverWithItem(error -> HealthCheckResponse.named(name)
                        .down()
                        .withData("url", baseUrl.toString())
                        .withData("error", String.valueOf(error.getMessage()))
                        .build());
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
