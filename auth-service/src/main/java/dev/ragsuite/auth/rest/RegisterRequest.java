package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.rest.AccountFields.AccountEmail;
import dev.ragsuite.auth.rest.AccountFields.DisplayName;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/auth/register}. The e-mail is trimmed and lower-cased, the display name trimmed. */
public record RegisterRequest(
        @AccountEmail String email,
        @NotNull @PasswordLength String password,
        @DisplayName String displayName) {

    public RegisterRequest {
        email = AccountFields.normaliseEmail(email);
        displayName = AccountFields.normaliseDisplayName(displayName);
    }
}
