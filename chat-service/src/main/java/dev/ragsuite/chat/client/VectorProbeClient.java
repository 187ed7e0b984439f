package dev.ragsuite.chat.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** vector-service's liveness endpoint, for the readiness check (short timeouts in config, no credentials). */
@RegisterRestClient(configKey = "vector-probe")
interface VectorProbeClient {

    @GET
    @Path("/q/health/live")
    Uni<Response> live();
}
