package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.User;
import java.time.Instant;
import java.util.UUID;

/** A user as an administrator sees it in the user list. */
public record AdminUserView(UUID id, String email, String displayName, String role, boolean disabled, Instant createdAt) {

    static AdminUserView of(User user) {
        return new AdminUserView(user.id, user.email, user.displayName, user.role.value(), user.disabled, user.createdAt);
    }
}
