package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.reactive.VertxContexts;
import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.api.PageRequest;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RequiresScope;
import dev.ragsuite.ingest.events.DocumentEventHub;
import dev.ragsuite.ingest.documents.DocumentPublishing;
import dev.ragsuite.ingest.documents.DocumentService;
import dev.ragsuite.vector.api.DocumentSource;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The caller's own documents, and those an admin published to everyone (read-only for the others). Every
 * operation is scoped to the token's subject.
 */
@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    static final int PROGRESS_POLL_SECONDS = 2;
    private static final ProgressEvent END = new ProgressEvent(new UUID(0, 0), "end", null, null, null, null);

    private final DocumentService documents;
    private final DocumentPublishing publishing;
    private final DocumentEventHub hub;
    private final JsonWebToken jwt;

    public DocumentResource(DocumentService documents, DocumentPublishing publishing, DocumentEventHub hub, JsonWebToken jwt) {
        this.documents = documents;
        this.publishing = publishing;
        this.hub = hub;
        this.jwt = jwt;
    }

    /**
     * Accepts a file for indexing: 202 with the new document (or new version), which is {@code queued};
     * 200 with the existing document when the caller already uploaded exactly these bytes. The
     * {@code Location} is a path reference, right behind the gateway whatever host the client used.
     */
    @POST
    @RequiresScope(ApiKeyScope.DOCUMENTS_WRITE)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@RestForm("file") FileUpload file) {
        return documents.upload(jwt.getSubject(), file)
                .map(result -> (result.duplicate()
                                ? Response.ok(DocumentView.of(result.document(), jwt.getSubject()))
                                : Response.accepted(UploadView.of(result.document())))
                        .header(HttpHeaders.LOCATION, "/api/documents/" + result.document().id)
                        .build());
    }

    /** The body of {@code POST /api/documents/import}. */
    public record ImportRequest(@NotBlank @Size(max = DocumentSource.MAX_URL_CHARS) String url) {
    }

    /**
     * Imports a web page or file: 202 with the new document (or new version of the caller's earlier import of
     * the same address), {@code queued}; fetched, sniffed and indexed in the background. An address that is not
     * http(s), is malformed, or leads to a loopback, private, link-local or other special address is a 400
     * problem naming why (unless the operator allowed it: {@code RAG_IMPORT_ALLOW}).
     */
    @POST
    @RequiresScope(ApiKeyScope.DOCUMENTS_WRITE)
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> importUrl(@NotNull @Valid ImportRequest request) {
        return documents.importUrl(jwt.getSubject(), request.url())
                .map(result -> Response.accepted(UploadView.of(result.document()))
                        .header(HttpHeaders.LOCATION, "/api/documents/" + result.document().id)
                        .build());
    }

    /** The caller's documents and those an admin published to everyone ({@code shared}), newest first. */
    @GET
    @RequiresScope(ApiKeyScope.DOCUMENTS_READ)
    public Uni<Page<DocumentView>> list(@Valid @BeanParam PageRequest paging) {
        String caller = jwt.getSubject();
        return documents.list(caller, paging.page(), paging.size())
                .map(result -> new Page<>(result.items().stream().map(d -> DocumentView.of(d, caller)).toList(),
                        result.page(), result.size(), result.total()));
    }

    @GET
    @RequiresScope(ApiKeyScope.DOCUMENTS_READ)
    @Path("/{id}")
    public Uni<DocumentView> get(@RestPath String id) {
        String caller = jwt.getSubject();
        return documents.get(caller, parse(id)).map(d -> DocumentView.of(d, caller));
    }

    /**
     * Admins: makes any user's document visible to every user (read-only for them) and retrievable in
     * their answers. Idempotent.
     */
    @POST
    @RolesAllowed("admin")
    @RequiresScope(ApiKeyScope.DOCUMENTS_WRITE)
    @Path("/{id}/publish")
    public Uni<DocumentView> publish(@RestPath String id) {
        String admin = jwt.getSubject();
        return publishing.setPublished(parse(id), admin, true).map(d -> DocumentView.of(d, admin));
    }

    /** Admins: takes a published document back to its owner alone, effective from the next question. Idempotent. */
    @POST
    @RolesAllowed("admin")
    @RequiresScope(ApiKeyScope.DOCUMENTS_WRITE)
    @Path("/{id}/unpublish")
    public Uni<DocumentView> unpublish(@RestPath String id) {
        String admin = jwt.getSubject();
        return publishing.setPublished(parse(id), admin, false).map(d -> DocumentView.of(d, admin));
    }

    /**
     * Server-sent progress of one of the caller's documents: the current state first, then every
     * change (parsed, embedded n/m, retrying, indexed, failed, deleted) until a final state, which
     * closes the stream. Another user's document, like a missing one, is a 404 problem before the
     * stream starts ({@link OwnDocumentOnly}). Fed by {@code rag:documents:events}; the database is
     * re-read every {@value #PROGRESS_POLL_SECONDS} s as well, so a lost event cannot leave the
     * stream hanging.
     */
    @GET
    @RequiresScope(ApiKeyScope.DOCUMENTS_READ)
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @OwnDocumentOnly
    public Multi<ProgressEvent> events(@RestPath String id) {
        UUID documentId = parse(id);
        String owner = jwt.getSubject();
        Executor onThisContext = VertxContexts.current();
        return documents.find(owner, documentId).onItem().transformToMulti(document -> {
            if (document == null) { // deleted between the owner check and here
                return Multi.createFrom().item(ProgressEvent.deleted(documentId));
            }
            Multi<ProgressEvent> live = hub.events()
                    .filter(e -> documentId.equals(e.documentId()) && owner.equals(e.ownerId()) && !e.status().visibility())
                    .map(ProgressEvent::of);
            Multi<ProgressEvent> polled = Multi.createFrom()
                    .ticks().every(Duration.ofSeconds(PROGRESS_POLL_SECONDS))
                    .emitOn(onThisContext) // Hibernate Reactive sessions need the request's Vert.x context
                    .onItem().transformToUniAndConcatenate(tick -> documents.find(owner, documentId)
                            .map(d -> d == null ? ProgressEvent.deleted(documentId) : ProgressEvent.of(d)));
            return Multi.createBy().concatenating().streams(
                            Multi.createFrom().item(ProgressEvent.of(document)),
                            Multi.createBy().merging().streams(live, polled))
                    // a final event is followed by an end marker, so the stream closes right after it
                    .onItem().transformToMultiAndConcatenate(e -> e.isFinal()
                            ? Multi.createFrom().items(e, END) : Multi.createFrom().item(e))
                    .select().first(e -> e != END);
        });
    }

    /** Removes the document, its stored bytes and its chunks in the search index, and reports what is left (nothing). */
    @DELETE
    @RequiresScope(ApiKeyScope.DOCUMENTS_WRITE)
    @Path("/{id}")
    public Uni<DeletedView> delete(@RestPath String id) {
        return documents.delete(jwt.getSubject(), parse(id))
                .map(DeletedView::of);
    }

    /** Anything that is not a UUID names no document of anyone's. */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No such document.");
        }
    }
}
