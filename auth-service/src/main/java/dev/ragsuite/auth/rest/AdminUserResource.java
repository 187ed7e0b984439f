package dev.ragsuite.auth.rest;

import dev.ragsuite.common.api.Page;
import dev.ragsuite.auth.service.AdminService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** User administration, reached through the gateway at {@code /api/admin/users}. */
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminUserResource {

    static final int MAX_PAGE_SIZE = 200;
    /** Keeps {@code page * size} well inside an int. */
    static final int MAX_PAGE = 1_000_000;

    private final AdminService admin;

    public AdminUserResource(AdminService admin) {
        this.admin = admin;
    }

    @GET
    public Uni<Page<AdminUserView>> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return admin.listUsers(page, size)
                .map(result -> new Page<>(result.items().stream().map(AdminUserView::of).toList(),
                        page, size, result.total()));
    }
}
