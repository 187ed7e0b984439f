package dev.ragsuite.ingest.health;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** vector-service's liveness endpoint; built programmatically by {@link VectorServiceReadiness}. */
@Path("/q/health")
public interface VectorLivenessClient {

    @GET
    @Path("/live")
    Uni<Response> live();
}
