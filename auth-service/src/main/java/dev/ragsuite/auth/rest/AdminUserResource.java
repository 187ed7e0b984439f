package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.Role;
import dev.ragsuite.auth.admin.AdminService;
import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.api.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * User administration, reached through the gateway at {@code /api/admin/users}: role
 * {@code admin} only (403 otherwise). Actions are POSTs on the user so each has one clear effect.
 */
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminUserResource {

    private final AdminService admin;
    private final JsonWebToken jwt;

    public AdminUserResource(AdminService admin, JsonWebToken jwt) {
        this.admin = admin;
        this.jwt = jwt;
    }

    @GET
    public Uni<Page<AdminUserView>> list(@Valid @BeanParam PageRequest paging) {
        return admin.listUsers(paging.page(), paging.size())
                .map(result -> paging.of(result.items().stream().map(AdminUserView::of).toList(), result.total()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<AdminUserView>> create(@NotNull @Valid AdminRequests.CreateUser request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return admin.createUser(actor(), request.email(), request.password(), request.displayName(), Role.of(request.role()),
                        Clients.of(userAgent, http))
                .map(user -> RestResponse.status(RestResponse.Status.CREATED, AdminUserView.of(user)));
    }

    /** Disables the user and ends all their sessions and API-key tokens. 409 for the last enabled admin. */
    @POST
    @Path("/{id}/disable")
    public Uni<AdminUserView> disable(@RestPath UUID id, @RestHeader(HttpHeaders.USER_AGENT) String userAgent,
            @Context HttpServerRequest http) {
        return admin.setDisabled(actor(), id, true, Clients.of(userAgent, http)).map(AdminUserView::of);
    }

    @POST
    @Path("/{id}/enable")
    public Uni<AdminUserView> enable(@RestPath UUID id, @RestHeader(HttpHeaders.USER_AGENT) String userAgent,
            @Context HttpServerRequest http) {
        return admin.setDisabled(actor(), id, false, Clients.of(userAgent, http)).map(AdminUserView::of);
    }

    /** Sets the role ({@code user} or {@code admin}); the user's sessions end. 409 when demoting the last enabled admin. */
    @POST
    @Path("/{id}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminUserView> changeRole(@RestPath UUID id, @NotNull @Valid AdminRequests.ChangeRole request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return admin.changeRole(actor(), id, Role.of(request.role()), Clients.of(userAgent, http)).map(AdminUserView::of);
    }

    /** Sets a new password (policy-checked), ends all the user's sessions and revokes their API keys unless {@code keepApiKeys: true}. */
    @POST
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> resetPassword(@RestPath UUID id, @NotNull @Valid AdminRequests.ResetPassword request,
            @RestHeader(HttpHeaders.USER_AGENT) String userAgent, @Context HttpServerRequest http) {
        return admin.resetPassword(actor(), id, request.newPassword(), Boolean.TRUE.equals(request.keepApiKeys()),
                Clients.of(userAgent, http));
    }

    private UUID actor() {
        return TokenClaims.userId(jwt);
    }
}
