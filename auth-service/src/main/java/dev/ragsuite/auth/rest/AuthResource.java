package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.account.AuthService;
import dev.ragsuite.auth.audit.AuditType;
import dev.ragsuite.auth.session.SessionService;
import dev.ragsuite.auth.token.SigningKeys;
import dev.ragsuite.common.api.RefreshCookie;
import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The public auth API, reached through the gateway at {@code /api/auth/**}. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** Other services refresh their copy of the JWKS at least this often. */
    private static final String JWKS_CACHE_CONTROL = "max-age=300";

    private final AuthService auth;
    private final SessionService sessions;
    private final SigningKeys keys;
    private final JsonWebToken jwt;
    private final RefreshCookies cookies;

    public AuthResource(AuthService auth, SessionService sessions, SigningKeys keys, JsonWebToken jwt,
            RefreshCookies cookies) {
        this.auth = auth;
        this.sessions = sessions;
        this.keys = keys;
        this.jwt = jwt;
        this.cookies = cookies;
    }

    @POST
    @Path("/register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    /** 201 with what was sent, whether or not the address was free: it never tells who has an account. */
    public Uni<RestResponse<RegistrationView>> register(@NotNull @Valid RegisterRequest request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return auth.register(request.email(), request.password(), request.displayName(), Clients.of(userAgent, http))
                .map(registration -> RestResponse.status(RestResponse.Status.CREATED, RegistrationView.of(registration)));
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<TokenResponse>> login(@NotNull @Valid LoginRequest request,
            @RestHeader(RefreshCookie.MODE_HEADER) String refreshMode,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return auth.login(request.email(), request.password(), Clients.of(userAgent, http))
                .map(tokens -> cookies.answer(tokens, refreshMode));
    }

    /** Rotates: the presented refresh token is spent, a new pair comes back. */
    @POST
    @Path("/refresh")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TokenResponse> refresh(@NotNull @Valid RefreshRequest request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return auth.refresh(request.refreshToken(), Clients.of(userAgent, http)).map(TokenResponse::of);
    }

    /**
     * The browser's refresh ({@link RefreshCookies}): the refresh token comes from the HttpOnly cookie, the
     * request must be same-site, and the rotated token goes back into the cookie.
     */
    @POST
    @Path("/refresh/cookie")
    @PermitAll
    public Uni<RestResponse<TokenResponse>> refreshFromCookie(@CookieParam(RefreshCookie.NAME) String token,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        cookies.checkSameSite(http);
        if (token == null || token.isBlank() || token.length() > 200) {
            return Uni.createFrom().failure(ProblemException.unauthorized("No valid session cookie: sign in again."));
        }
        return auth.refresh(token, Clients.of(userAgent, http)).map(cookies::inCookie);
    }

    /** Ends the caller's session everywhere, and deletes a refresh cookie; 204 also when it had ended already. */
    @POST
    @Path("/logout")
    @Authenticated
    public Uni<RestResponse<Void>> logout(@RestHeader(HttpHeaders.USER_AGENT) String userAgent,
            @Context HttpServerRequest http) {
        return auth.logout(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt), Clients.of(userAgent, http))
                .map(ignored -> RestResponse.ResponseBuilder.<Void>noContent().cookie(cookies.cleared()).build());
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<MeView> me() {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt)).map(MeView::of);
    }

    /** The caller's live sessions, newest first. */
    @GET
    @Path("/sessions")
    @Authenticated
    public Uni<List<SessionView>> sessions() {
        UUID sid = TokenClaims.sessionId(jwt);
        return auth.current(TokenClaims.userId(jwt), sid)
                .chain(caller -> sessions.list(caller.user().id))
                .map(list -> list.stream().map(s -> SessionView.of(s, sid)).toList());
    }

    /** Ends one of the caller's sessions (404 if it is not theirs). */
    @DELETE
    @Path("/sessions/{id}")
    @Authenticated
    public Uni<Void> endSession(@RestPath UUID id,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt))
                .chain(caller -> sessions.revoke(caller.user().id, id, AuditType.SESSION_REVOKED, Clients.of(userAgent, http)));
    }

    /** "Log out everywhere": ends all the caller's sessions, this one too unless {@code keepCurrent=true}. */
    @DELETE
    @Path("/sessions")
    @Authenticated
    public Uni<Void> endAllSessions(@QueryParam("keepCurrent") @DefaultValue("false") boolean keepCurrent,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        UUID sid = TokenClaims.sessionId(jwt);
        return auth.current(TokenClaims.userId(jwt), sid)
                .chain(caller -> sessions.revokeAllOf(caller.user().id, keepCurrent ? sid : null, SessionService.ApiKeys.KEEP, null,
                        Clients.of(userAgent, http), "logout_everywhere"))
                .replaceWithVoid();
    }

    /** Changes the caller's password; their other sessions end, and their API keys unless {@code keepApiKeys: true}. */
    @POST
    @Path("/password")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> changePassword(@NotNull @Valid ChangePasswordRequest request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return auth.current(TokenClaims.userId(jwt), TokenClaims.sessionId(jwt))
                .chain(caller -> auth.changePassword(caller, request.currentPassword(), request.newPassword(),
                        Boolean.TRUE.equals(request.keepApiKeys()), Clients.of(userAgent, http)));
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
