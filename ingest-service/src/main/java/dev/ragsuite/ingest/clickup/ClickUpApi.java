package dev.ragsuite.ingest.clickup;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * ClickUp's REST API v2, the endpoints the connector uses (base URL {@code quarkus.rest-client.clickup.url}).
 * A personal token goes in the {@code Authorization} header as it is (no "Bearer"). Wrapped by
 * {@link ClickUpClient}, which owns timeouts, retries and rate limits; nothing else calls it.
 */
@RegisterRestClient(configKey = "clickup")
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
interface ClickUpApi {

    @GET
    @Path("/user")
    Uni<RestResponse<ClickUp.UserAnswer>> user(@HeaderParam("Authorization") String token);

    @GET
    @Path("/team")
    Uni<RestResponse<ClickUp.TeamsAnswer>> teams(@HeaderParam("Authorization") String token);

    @GET
    @Path("/team/{teamId}/space")
    Uni<RestResponse<ClickUp.SpacesAnswer>> spaces(@HeaderParam("Authorization") String token,
            @PathParam("teamId") String teamId, @QueryParam("archived") boolean archived);

    @GET
    @Path("/space/{spaceId}/folder")
    Uni<RestResponse<ClickUp.FoldersAnswer>> folders(@HeaderParam("Authorization") String token,
            @PathParam("spaceId") String spaceId, @QueryParam("archived") boolean archived);

    @GET
    @Path("/space/{spaceId}/list")
    Uni<RestResponse<ClickUp.ListsAnswer>> folderlessLists(@HeaderParam("Authorization") String token,
            @PathParam("spaceId") String spaceId, @QueryParam("archived") boolean archived);

    @GET
    @Path("/list/{listId}/task")
    Uni<RestResponse<ClickUp.TasksAnswer>> tasks(@HeaderParam("Authorization") String token,
            @PathParam("listId") String listId, @QueryParam("page") int page,
            @QueryParam("include_closed") boolean includeClosed, @QueryParam("subtasks") boolean subtasks,
            @QueryParam("archived") boolean archived, @QueryParam("date_updated_gt") Long dateUpdatedGt);

    @GET
    @Path("/task/{taskId}/comment")
    Uni<RestResponse<ClickUp.CommentsAnswer>> comments(@HeaderParam("Authorization") String token,
            @PathParam("taskId") String taskId, @QueryParam("start") Long start, @QueryParam("start_id") String startId);

    /** Any answer of 400 or more becomes a {@link ClickUpException} carrying its status, rate-limit headers and ClickUp's error. */
    @io.quarkus.rest.client.reactive.ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ClickUpException.of(response);
    }
}
