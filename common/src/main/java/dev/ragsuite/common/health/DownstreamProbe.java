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
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Probes what a service depends on for its readiness report: another rag-suite service's
 * `/q/health/live`, or any HTTP endpoint (e.g. Ollama, a hosted model API with its key). Up means a 2xx within two seconds; a
 * probe never fails, an error is "down". One small HTTP client for all probes of the process,
 * separate from the data-path clients and their circuit breakers.
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

    /** Whether {@code url} answers GET with a 2xx within the timeout. */
    public Uni<Boolean> answers(URI url) {
        return answers(url, Map.of());
    }

    /**
     * Whether {@code url} answers GET with these request headers (e.g. a hosted API's key, which this class
     * never logs) with a 2xx within the timeout.
     */
    public Uni<Boolean> answers(URI url, Map<String, String> headers) {
        return status(url, headers).map(status -> status >= 200 && status < 300).onFailure().recoverWithItem(false);
    }

    /** A health response named {@code name}: UP when the service at {@code baseUrl} is live. */
    public Uni<HealthCheckResponse> liveness(String name, URI baseUrl) {
        return status(baseUrl.resolve("/q/health/live"), Map.of())
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

    private Uni<Integer> status(URI url, Map<String, String> headers) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString())
                .setTimeout(TIMEOUT.toMillis());
        headers.forEach(request::putHeader);
        return client.request(request)
                .chain(req -> req.send())
                .map(HttpClientResponse::statusCode)
                .ifNoItem().after(TIMEOUT).fail();
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
