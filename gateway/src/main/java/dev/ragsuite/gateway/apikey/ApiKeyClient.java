package dev.ragsuite.gateway.apikey;

import dev.ragsuite.common.security.InternalClientHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's internal API-key exchange; wrapped by {@link ApiKeyExchange}. */
@RegisterRestClient(configKey = "api-key-exchange")
@RegisterClientHeaders(InternalClientHeaders.class)
@Path("/internal/v1/api-keys")
interface ApiKeyClient {

    record ExchangeRequest(String key) {
    }

    record ExchangeResponse(String accessToken, long expiresIn, String userId, List<String> scopes) {
    }

    @POST
    @Path("/exchange")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ExchangeResponse> exchange(ExchangeRequest request);
}
