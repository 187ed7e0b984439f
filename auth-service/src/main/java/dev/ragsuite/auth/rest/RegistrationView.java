package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.account.AuthService;

/**
 * What {@code POST /api/auth/register} answers: what the caller sent (normalised), the same whether
 * or not the address was free, so it carries no id and reveals no account.
 */
public record RegistrationView(String email, String displayName, String role) {

    static RegistrationView of(AuthService.Registration registration) {
        return new RegistrationView(registration.email(), registration.displayName(), registration.role().value());
    }
}
