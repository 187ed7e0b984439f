package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.account.CurrentUser;
import java.util.UUID;

/** {@code GET /api/auth/me}. */
public record MeView(UUID id, String email, String displayName, String role, UUID sessionId) {

    static MeView of(CurrentUser current) {
        return new MeView(current.user().id, current.user().email, current.user().displayName,
                current.user().role.value(), current.sessionId());
    }
}
