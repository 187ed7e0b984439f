package dev.ragsuite.vector.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A batch of chunks of one document of one owner.
 *
 * @param version the document version these chunks belong to. When set, the chunks are <em>staged</em>:
 *        stored but invisible to search until {@link VectorApi#activateVersion} makes that version the
 *        visible one. When null, the chunks are visible at once (the original behaviour).
 * @param source where the document came from, stored with every chunk and returned on every hit; null counts as
 *        {@code upload}
 * @param published whether the chunks are searchable by every user (a document an admin published), not only
 *        by {@code ownerId}; null counts as false
 */
public record UpsertRequest(
        @NotBlank @Size(max = 64) String ownerId,
        @NotNull UUID documentId,
        @NotBlank @Size(max = 255) String documentName,
        @NotEmpty @Size(max = VectorLimits.MAX_BATCH) List<@NotNull @Valid ChunkPayload> chunks,
        @Min(1) Integer version,
        @Valid DocumentSource source,
        Boolean published) {

    /** Chunks visible at once, without a version. */
    public UpsertRequest(String ownerId, UUID documentId, String documentName, List<ChunkPayload> chunks) {
        this(ownerId, documentId, documentName, chunks, null);
    }

    /** Chunks of an uploaded document that only its owner searches (the contract before sources existed). */
    public UpsertRequest(String ownerId, UUID documentId, String documentName, List<ChunkPayload> chunks, Integer version) {
        this(ownerId, documentId, documentName, chunks, version, null, null);
    }

    /** Whether the chunks are searchable by every user. */
    public boolean isPublished() {
        return Boolean.TRUE.equals(published);
    }
}
