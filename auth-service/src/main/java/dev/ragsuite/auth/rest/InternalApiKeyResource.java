package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.apikey.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * For the gateway only (guarded by common's {@code InternalTokenFilter}: header
 * {@code X-Internal-Token}): trades an {@code rk_…} key for a short access token. Unknown, revoked
 * or expired keys and disabled users all get 401.
 */
@Path("/internal/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class InternalApiKeyResource {

    private final ApiKeyService apiKeys;

    public InternalApiKeyResource(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    public record ExchangeRequest(@NotBlank @Size(max = 100) String key) {
    }

    public record ExchangeResponse(String accessToken, long expiresIn, String userId, List<String> scopes) {
    }

    @POST
    @Path("/exchange")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExchangeResponse> exchange(@NotNull @Valid ExchangeRequest request) {
        return apiKeys.exchange(request.key())
                .map(e -> new ExchangeResponse(e.token().value(), e.token().expiresInSeconds(), e.userId().toString(), e.scopes()));
    }
}
