package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.service.AuthService;
import dev.ragsuite.auth.service.ClientInfo;
import dev.ragsuite.auth.service.SigningKeys;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

/** The public auth API, reached through the gateway at {@code /api/auth/**}. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** Other services refresh their copy of the JWKS at least this often. */
    private static final String JWKS_CACHE_CONTROL = "max-age=300";

    private final AuthService auth;
    private final SigningKeys keys;
    private final JsonWebToken jwt;

    public AuthResource(AuthService auth, SigningKeys keys, JsonWebToken jwt) {
        this.auth = auth;
        this.keys = keys;
        this.jwt = jwt;
    }

    @POST
    @Path("/register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<UserView>> register(@NotNull @Valid RegisterRequest request) {
        return auth.register(request.email(), request.password(), request.displayName())
                .map(user -> RestResponse.status(RestResponse.Status.CREATED, UserView.of(user)));
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TokenResponse> login(@NotNull @Valid LoginRequest request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        ClientInfo client = new ClientInfo(userAgent, remote == null ? null : remote.hostAddress());
        return auth.login(request.email(), request.password(), client)
                .map(token -> TokenResponse.bearer(token.value(), token.expiresInSeconds()));
    }

    /** Ends the caller's session everywhere; 204 also when it had ended already. */
    @POST
    @Path("/logout")
    @Authenticated
    public Uni<Void> logout() {
        return auth.logout(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt));
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<MeView> me() {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt)).map(MeView::of);
    }

    /** The public signing key(s) every service verifies access tokens with. */
    @GET
    @Path("/jwks")
    @PermitAll
    public RestResponse<String> jwks() {
        return RestResponse.ResponseBuilder.ok(keys.jwksJson(), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, JWKS_CACHE_CONTROL)
                .build();
    }
}
