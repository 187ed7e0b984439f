package dev.ragsuite.auth.service;

import dev.ragsuite.auth.Role;
import dev.ragsuite.auth.User;
import dev.ragsuite.auth.UserSession;
import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.repository.SessionRepository;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.RevokedSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Registration, login, logout and "who am I". Password hashing runs on worker threads (see
 * {@link PasswordHasher}); database work happens in short sessions around it, so no connection is
 * held while bcrypt runs.
 */
@ApplicationScoped
public class AuthService {

    /** The one answer to every failed login, whatever the reason, so it reveals nothing. */
    static final String INVALID_CREDENTIALS = "Invalid email or password.";
    private static final String INVALID_SESSION = "This session is no longer valid; log in again.";

    private final AuthConfig config;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final RevokedSessions revokedSessions;
    private final AuthEvents events;
    private final Counter registrations;
    private final Counter registrationConflicts;
    private final Counter loginSuccesses;
    private final Counter loginUnknownEmail;
    private final Counter loginBadPassword;
    private final Counter loginDisabled;

    public AuthService(AuthConfig config, UserRepository users, SessionRepository sessions, PasswordHasher hasher,
            TokenIssuer tokens, RevokedSessions revokedSessions, AuthEvents events, MeterRegistry metrics) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.tokens = tokens;
        this.revokedSessions = revokedSessions;
        this.events = events;
        this.registrations = metrics.counter("rag.auth.registrations", "outcome", "created");
        this.registrationConflicts = metrics.counter("rag.auth.registrations", "outcome", "conflict");
        this.loginSuccesses = metrics.counter("rag.auth.logins", "outcome", "success", "reason", "none");
        this.loginUnknownEmail = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "unknown_email");
        this.loginBadPassword = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "bad_password");
        this.loginDisabled = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "disabled");
    }

    /**
     * Creates a user with role {@code user}. The e-mail must already be normalised (lower case)
     * and the password checked for length.
     */
    public Uni<User> register(String email, String password, String displayName) {
        if (!config.registrationEnabled()) {
            return Uni.createFrom().failure(ProblemException.forbidden("Registration is disabled on this server."));
        }
        UUID id = UUID.randomUUID();
        return hasher.hash(password)
                .chain(hash -> Panache.withTransaction(() -> users.insertIfEmailFree(id, email, hash, displayName, Role.USER)
                        .chain(inserted -> inserted
                                ? users.findById(id)
                                : Uni.createFrom().failure(ProblemException.conflict("An account with this email already exists.")))))
                .invoke(() -> registrations.increment())
                .onFailure(e -> e instanceof ProblemException p && p.status() == 409).invoke(() -> registrationConflicts.increment());
    }

    /**
     * Checks the credentials and opens a session. Unknown e-mail, wrong password and disabled user
     * all fail the same way, after the same bcrypt work.
     */
    public Uni<TokenIssuer.AccessToken> login(String email, String password, ClientInfo client) {
        return Panache.withSession(() -> users.findByEmail(email))
                .chain(user -> hasher.verify(password, user == null ? null : user.passwordHash)
                        .map(matches -> authenticated(user, matches)))
                .chain(user -> startSession(user, client));
    }

    /**
     * Revokes the session: in PostgreSQL, in the Redis denylist every service checks, and as an
     * event on {@value AuthEvents#STREAM}. Safe to repeat.
     */
    public Uni<Void> logout(UUID userId, UUID sessionId) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> sessions.revoke(sessionId, userId, now))
                .chain(() -> revokedSessions.revoke(sessionId.toString(), tokens.ttl()))
                .chain(() -> events.sessionRevoked(sessionId, userId, now));
    }

    /** The caller as stored now: fails with 401 if the user is gone or disabled, or the session ended. */
    public Uni<CurrentUser> current(UUID userId, UUID sessionId) {
        Instant now = Instant.now();
        return Panache.withSession(() -> users.findById(userId)
                .chain(user -> sessions.findById(sessionId)
                        .map(session -> {
                            boolean valid = user != null && !user.disabled
                                    && session != null && session.userId.equals(user.id) && session.isActive(now);
                            if (!valid) {
                                throw ProblemException.unauthorized(INVALID_SESSION);
                            }
                            return new CurrentUser(user, sessionId);
                        })));
    }

    private User authenticated(User user, boolean passwordMatches) {
        if (user == null) {
            loginUnknownEmail.increment();
        } else if (!passwordMatches) {
            loginBadPassword.increment();
        } else if (user.disabled) {
            loginDisabled.increment();
        } else {
            return user;
        }
        throw ProblemException.unauthorized(INVALID_CREDENTIALS);
    }

    private Uni<TokenIssuer.AccessToken> startSession(User user, ClientInfo client) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UserSession session = UserSession.start(user.id, now, tokens.expiresAt(now), client.userAgent(), client.ip());
        return Panache.withTransaction(() -> sessions.persist(session))
                .map(saved -> tokens.issue(user, saved, now))
                .invoke(() -> loginSuccesses.increment());
    }
}
