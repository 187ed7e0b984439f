package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/auth/api-keys}; without {@code expiresInDays} the configured default lifetime applies. */
public record ApiKeyRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "\\P{Cc}*", message = "must not contain control characters") String name,
        @NotEmpty @Size(max = 3) List<String> scopes,
        @Min(1) @Max(3650) Integer expiresInDays) {

    public ApiKeyRequest {
        name = name == null ? null : name.strip();
    }
}
