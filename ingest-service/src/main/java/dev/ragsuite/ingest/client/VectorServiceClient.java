package dev.ragsuite.ingest.client;

import dev.ragsuite.common.security.InternalClientHeaders;
import dev.ragsuite.vector.api.VectorApi;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * The REST client of vector-service's internal API. Use it through {@link VectorClient}, which owns
 * timeouts, retries and the circuit breaker. Configured under {@code quarkus.rest-client.vector.*}.
 */
@RegisterRestClient(configKey = "vector")
@RegisterClientHeaders(InternalClientHeaders.class)
interface VectorServiceClient extends VectorApi {

    /** A 4xx means vector-service understood and refused the call: retrying it cannot help. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status >= 400 && status < 500) {
            return new VectorRejectedException(status);
        }
        return null;
    }
}
