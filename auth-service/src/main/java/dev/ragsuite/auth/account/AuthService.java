package dev.ragsuite.auth.account;

import dev.ragsuite.auth.Role;
import dev.ragsuite.auth.User;
import dev.ragsuite.auth.UserSession;
import dev.ragsuite.auth.audit.AuditLog;
import dev.ragsuite.auth.audit.AuditType;
import dev.ragsuite.auth.audit.AuthEvents;
import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.repository.SessionRepository;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.auth.secret.PasswordHasher;
import dev.ragsuite.auth.secret.PasswordPolicy;
import dev.ragsuite.auth.session.ClientInfo;
import dev.ragsuite.auth.session.SessionService;
import dev.ragsuite.auth.throttle.LoginThrottle;
import dev.ragsuite.auth.throttle.LoginThrottledException;
import dev.ragsuite.auth.token.TokenIssuer;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.RevokedSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Registration, login (throttled), logout, "who am I" and changing one's own password. Password
 * hashing runs on worker threads (see {@link PasswordHasher}); database work happens in short
 * sessions around it, so no connection is held while bcrypt runs.
 */
@ApplicationScoped
public class AuthService {

    /** The one answer to every failed login, whatever the reason, so it reveals nothing. */
    static final String INVALID_CREDENTIALS = "Invalid email or password.";
    /** The one answer while an account or address is locked, whether or not the account exists. */
    static final String THROTTLED = "Too many failed logins; try again later.";
    private static final String INVALID_SESSION = "This session is no longer valid; log in again.";

    private final AuthConfig config;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SessionService sessionService;
    private final LoginThrottle throttle;
    private final TokenIssuer tokens;
    private final RevokedSessions revokedSessions;
    private final AuditLog audit;
    private final Counter registrations;
    private final Counter registrationConflicts;
    private final Counter loginSuccesses;
    private final Counter loginUnknownEmail;
    private final Counter loginBadPassword;
    private final Counter loginDisabled;
    private final Counter loginThrottled;

    public AuthService(AuthConfig config, UserRepository users, SessionRepository sessions, PasswordHasher hasher,
            PasswordPolicy policy, SessionService sessionService, LoginThrottle throttle, TokenIssuer tokens,
            RevokedSessions revokedSessions, AuditLog audit, MeterRegistry metrics) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.sessionService = sessionService;
        this.throttle = throttle;
        this.tokens = tokens;
        this.revokedSessions = revokedSessions;
        this.audit = audit;
        this.registrations = metrics.counter("rag.auth.registrations", "outcome", "created");
        this.registrationConflicts = metrics.counter("rag.auth.registrations", "outcome", "conflict");
        this.loginSuccesses = metrics.counter("rag.auth.logins", "outcome", "success", "reason", "none");
        this.loginUnknownEmail = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "unknown_email");
        this.loginBadPassword = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "bad_password");
        this.loginDisabled = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "disabled");
        this.loginThrottled = metrics.counter("rag.auth.logins", "outcome", "failure", "reason", "throttled");
    }

    /**
     * Registers an account with role {@code user}. The e-mail must already be normalised (lower
     * case); the password must pass the {@link PasswordPolicy}. The outcome is the same whether or
     * not the address was free, after the same bcrypt work, so registration never tells who has an
     * account; a taken address is left exactly as it was (its owner's password still works, the one
     * given here does not). Only the audit trail records which it was.
     */
    public Uni<Registration> register(String email, String password, String displayName, ClientInfo client) {
        if (!config.registrationEnabled()) {
            return Uni.createFrom().failure(ProblemException.forbidden("Registration is disabled on this server."));
        }
        UUID id = UUID.randomUUID();
        return Uni.createFrom().item(() -> {
                    policy.check(password, email);
                    return password;
                })
                .chain(hasher::hash)
                .chain(hash -> Panache.withTransaction(() -> users.insertIfEmailFree(id, email, hash, displayName, Role.USER)))
                .call(created -> {
                    if (created) {
                        registrations.increment();
                        return audit.record(AuditLog.event(AuditType.USER_REGISTERED).user(id).ip(client.ip()));
                    }
                    registrationConflicts.increment();
                    return audit.record(AuditLog.event(AuditType.REGISTRATION_EMAIL_TAKEN).ip(client.ip()).detail("email", email));
                })
                .map(created -> new Registration(email, displayName, Role.USER));
    }

    /** What a registration answers: only what the caller sent, so it reveals nothing. */
    public record Registration(String email, String displayName, Role role) {
    }

    /** Inserts a user (policy already checked); 409 when the e-mail is taken (for admins, who may know). */
    public Uni<User> createUser(String email, String password, String displayName, Role role) {
        UUID id = UUID.randomUUID();
        return hasher.hash(password)
                .chain(hash -> Panache.withTransaction(() -> users.insertIfEmailFree(id, email, hash, displayName, role)
                        .chain(inserted -> inserted
                                ? users.findById(id)
                                : Uni.createFrom().failure(ProblemException.conflict("An account with this email already exists.")))));
    }

    /**
     * Checks the credentials and opens a session. Unknown e-mail, wrong password and disabled user
     * all fail the same way, after the same bcrypt work. The attempt first reserves its place with
     * {@link LoginThrottle}; when refused (a lock of this address, for this account or for all, or the
     * account's brake) it gets the same 429 without the password being checked.
     */
    public Uni<SessionService.Tokens> login(String email, String password, ClientInfo client) {
        return throttle.reserve(email, client.ip()).chain(wait -> {
            if (!wait.isZero()) {
                loginThrottled.increment();
                return audit.record(AuditLog.event(AuditType.LOGIN_THROTTLED).ip(client.ip()).detail("email", email))
                        .chain(() -> Uni.createFrom().failure(new LoginThrottledException(THROTTLED, wait)));
            }
            return Panache.withSession(() -> users.findByEmail(email))
                    .chain(user -> hasher.verify(password, user == null ? null : user.passwordHash)
                            .chain(matches -> {
                                String failure = failureReason(user, matches);
                                return failure == null ? succeed(user, email, client) : fail(user, email, client, failure);
                            }));
        });
    }

    private Uni<SessionService.Tokens> succeed(User user, String email, ClientInfo client) {
        return throttle.recordSuccess(email, client.ip())
                .chain(() -> sessionService.open(user, client))
                .call(opened -> audit.record(AuditLog.event(AuditType.LOGIN).user(user.id).session(opened.sessionId())
                        .ip(client.ip()).detail("userAgent", UserSession.clip(client.userAgent()))))
                .invoke(() -> loginSuccesses.increment());
    }

    private Uni<SessionService.Tokens> fail(User user, String email, ClientInfo client, String reason) {
        return throttle.recordFailure(email, client.ip())
                .call(lock -> audit.record(AuditLog.event(AuditType.LOGIN_FAILED).user(user == null ? null : user.id)
                        .ip(client.ip()).detail("email", email).detail("reason", reason)
                        .detail("lockedSeconds", lock.isZero() ? null : lock.toSeconds())))
                .chain(() -> Uni.createFrom().failure(ProblemException.unauthorized(INVALID_CREDENTIALS)));
    }

    /** Trades a refresh token for new tokens (see {@link SessionService#refresh}). */
    public Uni<SessionService.Tokens> refresh(String refreshToken, ClientInfo client) {
        return sessionService.refresh(refreshToken, client);
    }

    /**
     * Revokes the session: in PostgreSQL, in the Redis denylist every service checks, and as an
     * event on {@value AuthEvents#STREAM}. Safe to repeat.
     */
    public Uni<Void> logout(UUID userId, UUID sessionId, ClientInfo client) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> sessions.revoke(sessionId, userId, now))
                .chain(() -> revokedSessions.revoke(sessionId.toString(), tokens.longestTtl()))
                .chain(() -> audit.record(AuditLog.event(AuditType.LOGOUT).user(userId).session(sessionId).ip(client.ip())));
    }

    /** The caller as stored now: fails with 401 if the user is gone or disabled, or the session ended. */
    public Uni<CurrentUser> current(UUID userId, UUID sessionId) {
        Instant now = Instant.now();
        Duration idle = config.session().idleTimeout();
        return Panache.withSession(() -> users.findById(userId)
                .chain(user -> sessions.findById(sessionId)
                        .map(session -> {
                            boolean valid = user != null && !user.disabled
                                    && session != null && session.userId.equals(user.id) && session.isActive(now, idle);
                            if (!valid) {
                                throw ProblemException.unauthorized(INVALID_SESSION);
                            }
                            return new CurrentUser(user, sessionId);
                        })));
    }

    /**
     * Changes the caller's password after checking the current one, then ends every other session
     * of theirs (a thief logged in elsewhere is out; this device stays logged in) and, unless
     * {@code keepApiKeys}, revokes all their API keys: a credential reset ends every credential.
     * Wrong current passwords count against the same throttle as failed logins.
     */
    public Uni<Void> changePassword(CurrentUser caller, String currentPassword, String newPassword, boolean keepApiKeys,
            ClientInfo client) {
        User user = caller.user();
        return throttle.reserve(user.email, client.ip())
                .chain(wait -> wait.isZero()
                        ? hasher.verify(currentPassword, user.passwordHash)
                        : Uni.createFrom().failure(new LoginThrottledException(THROTTLED, wait)))
                .chain(matches -> {
                    if (!matches) {
                        // a stolen access token must not become a way to guess the password
                        return throttle.recordFailure(user.email, client.ip())
                                .chain(() -> Uni.createFrom().failure(ProblemException.badRequest("The current password is not correct.")));
                    }
                    return throttle.recordSuccess(user.email, client.ip()).chain(() -> {
                        policy.check(newPassword, user.email);
                        if (newPassword.equals(currentPassword)) {
                            return Uni.createFrom().failure(ProblemException.badRequest("The new password must differ from the current one."));
                        }
                        return hasher.hash(newPassword);
                    });
                })
                .chain(hash -> Panache.withTransaction(() -> users.updatePasswordHash(user.id, hash)))
                .chain(() -> audit.record(AuditLog.event(AuditType.PASSWORD_CHANGED).user(user.id).session(caller.sessionId())
                        .ip(client.ip()).detail("keptApiKeys", keepApiKeys)))
                .chain(() -> sessionService.revokeAllOf(user.id, caller.sessionId(),
                        keepApiKeys ? SessionService.ApiKeys.KEEP : SessionService.ApiKeys.REVOKE, null, client, "password_changed"))
                .replaceWithVoid();
    }

    /** Null when the login may proceed, else the (internal) reason it fails. */
    private String failureReason(User user, boolean passwordMatches) {
        if (user == null) {
            loginUnknownEmail.increment();
            return "unknown_email";
        } else if (!passwordMatches) {
            loginBadPassword.increment();
            return "bad_password";
        } else if (user.disabled) {
            loginDisabled.increment();
            return "disabled";
        }
        return null;
    }
}
