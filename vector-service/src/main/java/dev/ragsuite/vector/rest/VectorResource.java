package dev.ragsuite.vector.rest;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.vector.api.ActivateResult;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.DocumentIndexStats;
import dev.ragsuite.vector.api.IndexManifest;
import dev.ragsuite.vector.api.SearchRequest;
import dev.ragsuite.vector.api.SearchResponse;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.vector.api.VisibilityResult;
import dev.ragsuite.vector.api.VectorApi;
import dev.ragsuite.vector.service.VectorService;
import io.opentelemetry.api.trace.Span;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The internal API ({@code /internal/v1}, paths and validation from {@link VectorApi}). Every
 * call needs the internal token (common's InternalTokenFilter); search also needs the end
 * user's JWT, whose subject is the only owner filter a search ever gets.
 */
public class VectorResource implements VectorApi {

    private final VectorService vectors;
    private final JsonWebToken jwt;

    public VectorResource(VectorService vectors, JsonWebToken jwt) {
        this.vectors = vectors;
        this.jwt = jwt;
    }

    @Override
    public Uni<UpsertResult> upsert(UpsertRequest request) {
        Span.current()
                .setAttribute("rag.document.id", request.documentId().toString())
                .setAttribute("rag.chunk.count", request.chunks().size());
        return vectors.upsert(request);
    }

    @Override
    public Uni<DeleteResult> deleteDocument(UUID documentId, String ownerId) {
        return vectors.deleteDocument(ownerId, documentId);
    }

    @Override
    public Uni<ActivateResult> activateVersion(UUID documentId, int version, String ownerId) {
        return vectors.activate(ownerId, documentId, version);
    }

    @Override
    public Uni<VisibilityResult> setVisibility(UUID documentId, String ownerId, boolean published) {
        return vectors.setVisibility(ownerId, documentId, published);
    }

    @Override
    public Uni<DeleteResult> discardVersion(UUID documentId, int version, String ownerId) {
        return vectors.discard(ownerId, documentId, version);
    }

    @Override
    public Uni<DocumentIndexStats> documentStats(UUID documentId, String ownerId) {
        return vectors.stats(ownerId, documentId);
    }

    @Override
    public Uni<IndexManifest> manifest() {
        return Uni.createFrom().item(vectors.manifest());
    }

    @Override
    @Authenticated
    public Uni<SearchResponse> search(SearchRequest request) {
        String owner = jwt.getSubject(); // read here, on the request's thread and context
        if (owner == null || owner.isBlank()) {
            throw ProblemException.unauthorized("The token names no user.");
        }
        Span.current()
                .setAttribute("rag.retrieval.top_k", request.topK())
                .setAttribute("rag.retrieval.mode", request.mode() == null ? "default" : request.mode().wire())
                .setAttribute("rag.embedding.model", vectors.model());
        return vectors.search(owner, request);
    }
}
