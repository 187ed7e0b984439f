package dev.ragsuite.common.vector;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** A batch of chunks of one document of one owner. */
public record UpsertRequest(
        @NotBlank @Size(max = 64) String ownerId,
        @NotNull UUID documentId,
        @NotBlank @Size(max = 255) String documentName,
        @NotEmpty @Size(max = VectorLimits.MAX_BATCH) List<@NotNull @Valid ChunkPayload> chunks) {
}
