package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** {@code POST /api/auth/register}. The e-mail is trimmed and lower-cased, the display name trimmed. */
public record RegisterRequest(
        @NotBlank
        @Size(max = 254)
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a well-formed email address")
        String email,
        @NotNull @PasswordLength String password,
        @NotBlank
        @Size(max = 100)
        @Pattern(regexp = "\\P{Cc}*", message = "must not contain control characters")
        String displayName) {

    public RegisterRequest {
        email = email == null ? null : email.strip().toLowerCase(Locale.ROOT);
        displayName = displayName == null ? null : displayName.strip();
    }
}
