package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/refresh}. */
public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
}
