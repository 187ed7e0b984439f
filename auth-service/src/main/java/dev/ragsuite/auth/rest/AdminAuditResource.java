package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.admin.AdminService;
import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.api.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** The audit trail, newest first, for admins; filter by {@code type} and/or {@code userId}. */
@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminAuditResource {

    private final AdminService admin;

    public AdminAuditResource(AdminService admin) {
        this.admin = admin;
    }

    @GET
    public Uni<Page<AuditView>> list(
            @QueryParam("type") @Pattern(regexp = "[a-z_]{1,40}", message = "must be an event type such as login_failed") String type,
            @QueryParam("userId") UUID userId,
            @Valid @BeanParam PageRequest paging) {
        return admin.audit(type, userId, paging.page(), paging.size())
                .map(result -> paging.of(result.items().stream().map(AuditView::of).toList(), result.total()));
    }
}
