package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/password}: the new one is checked by the password policy. */
public record ChangePasswordRequest(
        @NotNull @Size(max = 1024) String currentPassword,
        @NotNull @PasswordLength String newPassword) {
}
