package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/password}: the new one is checked by the password policy. The user's API keys
 * are revoked too, unless {@code keepApiKeys} is {@code true}.
 */
public record ChangePasswordRequest(
        @NotNull @Size(max = 1024) String currentPassword,
        @NotNull @PasswordLength String newPassword,
        Boolean keepApiKeys) {
}
