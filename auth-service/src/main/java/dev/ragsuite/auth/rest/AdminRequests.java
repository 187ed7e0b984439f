package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.rest.AccountFields.AccountEmail;
import dev.ragsuite.auth.rest.AccountFields.DisplayName;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Request bodies of the admin user API. */
final class AdminRequests {

    private AdminRequests() {
    }

    /** {@code POST /api/admin/users}. */
    public record CreateUser(
            @AccountEmail String email,
            @NotNull @PasswordLength String password,
            @DisplayName String displayName,
            @NotNull @Pattern(regexp = "user|admin", message = "must be user or admin") String role) {

        public CreateUser {
            email = AccountFields.normaliseEmail(email);
            displayName = AccountFields.normaliseDisplayName(displayName);
        }
    }

    /** {@code POST /api/admin/users/{id}/role}. */
    public record ChangeRole(@NotNull @Pattern(regexp = "user|admin", message = "must be user or admin") String role) {
    }

    /** {@code POST /api/admin/users/{id}/password}; {@code keepApiKeys: true} leaves the user's API keys working. */
    public record ResetPassword(@NotNull @PasswordLength String newPassword, Boolean keepApiKeys) {
    }
}
