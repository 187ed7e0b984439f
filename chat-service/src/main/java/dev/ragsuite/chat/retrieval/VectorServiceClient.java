package dev.ragsuite.chat.retrieval;

import dev.ragsuite.common.security.InternalClientHeaders;
import dev.ragsuite.vector.api.SearchRequest;
import dev.ragsuite.vector.api.SearchResponse;
import dev.ragsuite.vector.api.VectorApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The REST client of vector-service's internal API. Only {@link VectorClient} uses it.
 *
 * <p>The class-level {@code @Path} repeats {@link VectorApi}'s: the Quarkus REST client takes the path
 * prefix from the interface it builds, not from a super-interface, so without it the contract's
 * methods would call {@code /search} instead of {@code /internal/v1/search} (checked in a test).
 *
 * <p>{@link #searchAs} is the contract's {@link VectorApi#search} (same path, same body) with the end
 * user's {@code Authorization} passed explicitly. {@link InternalClientHeaders} does forward the incoming
 * header on the plain call path (checked too), but a question crosses several reactive hops (database,
 * fault-tolerance retries after a delay on another thread) where the incoming request may no longer be
 * the current one; the explicit header does not depend on that. {@link InternalClientHeaders} still adds
 * the internal token and leaves an explicit {@code Authorization} alone.
 */
@Path("/internal/v1")
@RegisterRestClient(configKey = "vector")
@RegisterClientHeaders(InternalClientHeaders.class)
interface VectorServiceClient extends VectorApi {

    /** {@code POST /internal/v1/search} on behalf of the user whose bearer token is given. */
    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SearchResponse> searchAs(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, SearchRequest request);
}
