package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.service.AdminService;
import dev.ragsuite.common.api.Page;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
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
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(AdminUserResource.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(AdminUserResource.MAX_PAGE_SIZE) int size) {
        return admin.audit(type, userId, page, size)
                .map(result -> new Page<>(result.items().stream().map(AuditView::of).toList(), page, size, result.total()));
    }
}
