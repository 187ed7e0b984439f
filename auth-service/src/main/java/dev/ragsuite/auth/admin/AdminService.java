package dev.ragsuite.auth.admin;

import dev.ragsuite.auth.AuditEvent;
import dev.ragsuite.auth.Role;
import dev.ragsuite.auth.User;
import dev.ragsuite.auth.account.AuthService;
import dev.ragsuite.auth.audit.AuditLog;
import dev.ragsuite.auth.audit.AuditType;
import dev.ragsuite.auth.repository.AuditRepository;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.auth.secret.PasswordHasher;
import dev.ragsuite.auth.secret.PasswordPolicy;
import dev.ragsuite.auth.session.ClientInfo;
import dev.ragsuite.auth.session.SessionService;
import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What administrators can see and do with users. Disabling a user, changing their role or
 * resetting their password ends their sessions at once (a demoted admin's tokens still say
 * {@code admin} until they expire otherwise); a role change or a password reset also revokes their
 * API keys for good, disabling suspends them. The last enabled admin cannot be disabled or demoted.
 */
@ApplicationScoped
public class AdminService {

    private final UserRepository users;
    private final AuditRepository auditRows;
    private final AuthService auth;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SessionService sessions;
    private final AuditLog audit;

    public AdminService(UserRepository users, AuditRepository auditRows, AuthService auth, PasswordHasher hasher,
            PasswordPolicy policy, SessionService sessions, AuditLog audit) {
        this.users = users;
        this.auditRows = auditRows;
        this.auth = auth;
        this.hasher = hasher;
        this.policy = policy;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** One page of users in creation order, and how many there are in all. */
    public Uni<UserPage> listUsers(int page, int size) {
        return Panache.withSession(() -> users.page(page, size)
                .chain(items -> users.count().map(total -> new UserPage(items, total))));
    }

    public record UserPage(List<User> items, long total) {
    }

    public Uni<User> createUser(UUID actorId, String email, String password, String displayName, Role role, ClientInfo client) {
        return Uni.createFrom().item(() -> {
                    policy.check(password, email);
                    return email;
                })
                .chain(() -> auth.createUser(email, password, displayName, role))
                .call(user -> audit.record(AuditLog.event(AuditType.USER_CREATED).user(user.id).actor(actorId)
                        .ip(client.ip()).detail("role", role.value())));
    }

    /** Disables or enables; disabling ends every session and API-key token of the user. */
    public Uni<User> setDisabled(UUID actorId, UUID userId, boolean disabled, ClientInfo client) {
        return Panache.withTransaction(() -> users.lockEnabledAdmins().chain(admins -> users.findById(userId).map(user -> {
                    User target = require(user);
                    if (disabled && isLastEnabledAdmin(target, admins)) {
                        throw ProblemException.conflict("This is the last enabled admin; enable or promote another admin first.");
                    }
                    target.disabled = disabled;
                    target.updatedAt = Instant.now();
                    return target;
                })))
                .call(user -> audit.record(AuditLog.event(disabled ? AuditType.USER_DISABLED : AuditType.USER_ENABLED)
                        .user(userId).actor(actorId).ip(client.ip())))
                .call(user -> disabled
                        ? sessions.revokeAllOf(userId, null, SessionService.ApiKeys.SUSPEND, actorId, client, "user_disabled")
                        : Uni.createFrom().voidItem());
    }

    /** Changes the role and ends the user's sessions so no token carries the old role. */
    public Uni<User> changeRole(UUID actorId, UUID userId, Role role, ClientInfo client) {
        return Panache.withTransaction(() -> users.lockEnabledAdmins().chain(admins -> users.findById(userId).map(user -> {
                    User target = require(user);
                    if (role != Role.ADMIN && isLastEnabledAdmin(target, admins)) {
                        throw ProblemException.conflict("This is the last enabled admin; promote another admin first.");
                    }
                    Role before = target.role;
                    target.role = role;
                    target.updatedAt = Instant.now();
                    return new RoleChange(target, before);
                })))
                .call(change -> change.before() == role ? Uni.createFrom().voidItem()
                        : audit.record(AuditLog.event(AuditType.ROLE_CHANGED).user(userId).actor(actorId).ip(client.ip())
                                .detail("from", change.before().value()).detail("to", role.value()))
                                .chain(() -> sessions.revokeAllOf(userId, null, SessionService.ApiKeys.REVOKE, actorId, client, "role_changed")))
                .map(RoleChange::user);
    }

    private record RoleChange(User user, Role before) {
    }

    /**
     * Sets a new password for a user and ends all their sessions and, unless {@code keepApiKeys},
     * revokes all their API keys: a credential reset ends every credential the user had.
     */
    public Uni<Void> resetPassword(UUID actorId, UUID userId, String newPassword, boolean keepApiKeys, ClientInfo client) {
        return Panache.withSession(() -> users.findById(userId))
                .map(AdminService::require)
                .chain(user -> {
                    policy.check(newPassword, user.email);
                    return hasher.hash(newPassword);
                })
                .chain(hash -> Panache.withTransaction(() -> users.updatePasswordHash(userId, hash)))
                .chain(() -> audit.record(AuditLog.event(AuditType.PASSWORD_RESET).user(userId).actor(actorId).ip(client.ip())
                        .detail("keptApiKeys", keepApiKeys)))
                .chain(() -> sessions.revokeAllOf(userId, null,
                        keepApiKeys ? SessionService.ApiKeys.KEEP : SessionService.ApiKeys.REVOKE, actorId, client, "password_reset"))
                .replaceWithVoid();
    }

    /** One page of the audit trail, newest first. */
    public Uni<AuditPage> audit(String type, UUID userId, int page, int size) {
        return Panache.withSession(() -> auditRows.page(type, userId, page, size)
                .chain(items -> auditRows.count(type, userId).map(total -> new AuditPage(items, total))));
    }

    public record AuditPage(List<AuditEvent> items, long total) {
    }

    private static boolean isLastEnabledAdmin(User target, List<User> enabledAdmins) {
        return target.role == Role.ADMIN && !target.disabled
                && enabledAdmins.size() <= 1
                && enabledAdmins.stream().anyMatch(a -> a.id.equals(target.id));
    }

    private static User require(User user) {
        if (user == null) {
            throw ProblemException.notFound("No user with this id.");
        }
        return user;
    }
}
