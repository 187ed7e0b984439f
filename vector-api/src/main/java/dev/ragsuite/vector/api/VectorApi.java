package dev.ragsuite.vector.api;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * The internal API of vector-service, shared by its implementation and by the REST clients of
 * ingest-service and chat-service, so both sides compile against one contract. Every call carries
 * the internal token; {@link #search} also carries the end user's bearer token, and vector-service
 * takes the owner filter from that token, never from the request body.
 */
@Path("/internal/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface VectorApi {

    /** Embeds and stores a batch of chunks of one document; upserting the same chunk ids again replaces them. */
    @POST
    @Path("/chunks")
    Uni<UpsertResult> upsert(@NotNull @Valid UpsertRequest request);

    /** Removes every chunk of one document of one owner and says how many were removed. */
    @DELETE
    @Path("/documents/{documentId}")
    Uni<DeleteResult> deleteDocument(@PathParam("documentId") UUID documentId,
            @QueryParam("ownerId") @NotBlank @Size(max = 64) String ownerId);

    /**
     * Makes {@code version} the searchable version of one document: in a single index commit its staged
     * chunks become visible and every chunk of other versions is removed, so a reader sees either the
     * old version or the new one, never both or neither. Idempotent.
     */
    @POST
    @Path("/documents/{documentId}/versions/{version}/activate")
    Uni<ActivateResult> activateVersion(@PathParam("documentId") UUID documentId,
            @PathParam("version") @Min(1) int version,
            @QueryParam("ownerId") @NotBlank @Size(max = 64) String ownerId);

    /** Removes the still-staged (never activated) chunks of one version, e.g. of a superseded upload. */
    @DELETE
    @Path("/documents/{documentId}/versions/{version}")
    Uni<DeleteResult> discardVersion(@PathParam("documentId") UUID documentId,
            @PathParam("version") @Min(1) int version,
            @QueryParam("ownerId") @NotBlank @Size(max = 64) String ownerId);

    /**
     * Makes every chunk of one document (all versions, staged or visible) searchable by every user
     * ({@code published=true}) or by its owner alone again ({@code false}), in one index commit. Idempotent.
     */
    @POST
    @Path("/documents/{documentId}/visibility")
    Uni<VisibilityResult> setVisibility(@PathParam("documentId") UUID documentId,
            @QueryParam("ownerId") @NotBlank @Size(max = 64) String ownerId,
            @QueryParam("published") boolean published);

    /** Counts what the index holds for one document (used to verify a deletion). */
    @GET
    @Path("/documents/{documentId}/stats")
    Uni<DocumentIndexStats> documentStats(@PathParam("documentId") UUID documentId,
            @QueryParam("ownerId") @NotBlank @Size(max = 64) String ownerId);

    /** The model and dimensions of the active index. */
    @GET
    @Path("/manifest")
    Uni<IndexManifest> manifest();

    /** Hybrid (BM25 + dense) search over the calling user's own chunks and the chunks published to everyone. */
    @POST
    @Path("/search")
    Uni<SearchResponse> search(@NotNull @Valid SearchRequest request);
}
