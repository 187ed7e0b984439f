package dev.ragsuite.auth.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/login}. Only sizes are checked here: anything else wrong with the
 * credentials gets the one generic 401.
 */
public record LoginRequest(
        @NotBlank @Size(max = 254) String email,
        @NotNull @Size(max = 1024) String password) {

    public LoginRequest {
        email = AccountFields.normaliseEmail(email);
    }
}
