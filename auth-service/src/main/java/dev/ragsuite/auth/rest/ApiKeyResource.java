package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.account.AuthService;
import dev.ragsuite.auth.apikey.ApiKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The caller's API keys. Only a login session may manage them: a token obtained with an API key
 * is refused here (its {@code sid} is no session), so a leaked key cannot mint more keys.
 */
@Path("/api/auth/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ApiKeyResource {

    private final AuthService auth;
    private final ApiKeyService apiKeys;
    private final JsonWebToken jwt;

    public ApiKeyResource(AuthService auth, ApiKeyService apiKeys, JsonWebToken jwt) {
        this.auth = auth;
        this.apiKeys = apiKeys;
        this.jwt = jwt;
    }

    /** Creates a key; the answer is the only time the key itself is shown. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ApiKeyView>> create(@NotNull @Valid ApiKeyRequest request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt))
                .chain(caller -> apiKeys.create(caller.user().id, request.name(), request.scopes(), request.expiresInDays(),
                        Clients.of(userAgent, http)))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, ApiKeyView.created(created.key(), created.plainKey())));
    }

    @GET
    public Uni<List<ApiKeyView>> list() {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt))
                .chain(caller -> apiKeys.list(caller.user().id))
                .map(keys -> keys.stream().map(ApiKeyView::of).toList());
    }

    /** Revokes a key; tokens already exchanged for it stop working at once. 404 if it is not the caller's. */
    @DELETE
    @Path("/{id}")
    public Uni<Void> revoke(@RestPath UUID id, @RestHeader(HttpHeaders.USER_AGENT) String userAgent,
            @Context HttpServerRequest http) {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt))
                .chain(caller -> apiKeys.revoke(caller.user().id, id, Clients.of(userAgent, http)));
    }
}
