package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.service.DocumentService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The caller's own documents. Every operation is scoped to the token's subject. */
@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    static final int MAX_PAGE_SIZE = 100;

    private final DocumentService documents;
    private final JsonWebToken jwt;

    public DocumentResource(DocumentService documents, JsonWebToken jwt) {
        this.documents = documents;
        this.jwt = jwt;
    }

    /**
     * Accepts a file for indexing: 202 with the new document, which is {@code queued}. The
     * {@code Location} is a path reference, right behind the gateway whatever host the client used.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@RestForm("file") FileUpload file) {
        return documents.upload(jwt.getSubject(), file)
                .map(document -> Response.accepted(new UploadView(document.id, document.name, document.status))
                        .header(HttpHeaders.LOCATION, "/api/documents/" + document.id)
                        .build());
    }

    /** The caller's documents, newest first. */
    @GET
    public Uni<Page<DocumentView>> list(@RestQuery @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @RestQuery @DefaultValue("20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return documents.list(jwt.getSubject(), page, size)
                .map(result -> new Page<>(result.items().stream().map(DocumentView::of).toList(),
                        result.page(), result.size(), result.total()));
    }

    @GET
    @Path("/{id}")
    public Uni<DocumentView> get(@RestPath String id) {
        return documents.get(jwt.getSubject(), parse(id)).map(DocumentView::of);
    }

    /** Removes the document, its stored bytes and its chunks in the search index. */
    @DELETE
    @Path("/{id}")
    public Uni<DeletedView> delete(@RestPath String id) {
        return documents.delete(jwt.getSubject(), parse(id))
                .map(outcome -> new DeletedView(outcome.id(), true, outcome.vectorsRemoved(), outcome.vectorsRemaining()));
    }

    /** Anything that is not a UUID names no document of anyone's. */
    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No such document.");
        }
    }
}
