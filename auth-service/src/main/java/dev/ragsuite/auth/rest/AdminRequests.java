package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** Request bodies of the admin user API. */
final class AdminRequests {

    private AdminRequests() {
    }

    /** {@code POST /api/admin/users}. */
    public record CreateUser(
            @NotBlank
            @Size(max = 254)
            @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a well-formed email address")
            String email,
            @NotNull @PasswordLength String password,
            @NotBlank
            @Size(max = 100)
            @Pattern(regexp = "\\P{Cc}*", message = "must not contain control characters")
            String displayName,
            @NotNull @Pattern(regexp = "user|admin", message = "must be user or admin") String role) {

        public CreateUser {
            email = email == null ? null : email.strip().toLowerCase(Locale.ROOT);
            displayName = displayName == null ? null : displayName.strip();
        }
    }

    /** {@code POST /api/admin/users/{id}/role}. */
    public record ChangeRole(@NotNull @Pattern(regexp = "user|admin", message = "must be user or admin") String role) {
    }

    /** {@code POST /api/admin/users/{id}/password}. */
    public record ResetPassword(@NotNull @PasswordLength String newPassword) {
    }
}
