package dev.ragsuite.auth.account;

import dev.ragsuite.auth.User;
import java.util.UUID;

/** The caller of an authenticated request: the user as stored now, and the session of the token. */
public record CurrentUser(User user, UUID sessionId) {
}
