package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.api.PageRequest;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.connectors.ConnectorService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The caller's connections to third-party systems (ClickUp). Signed-in users only: API keys are
 * refused here (no scope covers handing over third-party credentials). Another user's connection
 * answers 404, as a missing one does. No token ever appears in an answer, only {@code tokenHint}.
 */
@Path("/api/connectors")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorResource {

    private final ConnectorService connectors;
    private final JsonWebToken jwt;

    public ConnectorResource(ConnectorService connectors, JsonWebToken jwt) {
        this.connectors = connectors;
        this.jwt = jwt;
    }

    /** Checks the token against ClickUp, stores it encrypted: 201 with the connection. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ConnectorRequests.Create body) {
        if (body == null) {
            throw ProblemException.badRequest("Send {type, token, workspaceId, spaceIds?, listIds?} as JSON.");
        }
        return connectors.create(jwt.getSubject(), body.checked())
                .map(c -> Response.status(Response.Status.CREATED).entity(ConnectorView.of(c))
                        .header(HttpHeaders.LOCATION, "/api/connectors/" + c.id()).build());
    }

    /** The caller's connections, newest first. */
    @GET
    public Uni<Page<ConnectorView>> list(@Valid @BeanParam PageRequest paging) {
        return connectors.list(jwt.getSubject(), paging.page(), paging.size())
                .chain(items -> connectors.count(jwt.getSubject()).map(total -> new Page<>(
                        items.stream().map(ConnectorView::of).toList(), paging.page(), paging.size(), total)));
    }

    @GET
    @Path("/{id}")
    public Uni<ConnectorView> get(@RestPath String id) {
        return connectors.get(jwt.getSubject(), parse(id)).map(ConnectorView::of);
    }

    /** A new token (checked against ClickUp first) or a new scope. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConnectorView> change(@RestPath String id, ConnectorRequests.Change body) {
        if (body == null) {
            throw ProblemException.badRequest("Send {token?, workspaceId?, spaceIds?, listIds?} as JSON.");
        }
        UUID connectorId = parse(id);
        return connectors.change(jwt.getSubject(), connectorId, body.checked()).map(ConnectorView::of);
    }

    /**
     * Asks for a sync now (202 with the connection; {@code full=true}: a full pass, which also removes the
     * documents of tasks deleted or archived in ClickUp). 409 once ClickUp refused the token.
     */
    @POST
    @Path("/{id}/sync")
    public Uni<Response> sync(@RestPath String id, @RestQuery boolean full) {
        return connectors.requestSync(jwt.getSubject(), parse(id), full)
                .map(c -> Response.accepted(ConnectorView.of(c)).build());
    }

    /** Deletes the connection and, unless {@code keepDocuments=true}, the documents imported through it. */
    @DELETE
    @Path("/{id}")
    public Uni<ConnectorService.Deleted> delete(@RestPath String id, @RestQuery boolean keepDocuments) {
        return connectors.delete(jwt.getSubject(), parse(id), keepDocuments);
    }

    /** Anything that is not a UUID names no connection of anyone's. */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No such connection.");
        }
    }
}
