package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.User;
import java.util.UUID;

/** A user as the user themself sees it. */
public record UserView(UUID id, String email, String displayName, String role) {

    static UserView of(User user) {
        return new UserView(user.id, user.email, user.displayName, user.role.value());
    }
}
