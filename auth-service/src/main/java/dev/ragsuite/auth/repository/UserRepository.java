package dev.ragsuite.auth.repository;

import dev.ragsuite.auth.Role;
import dev.ragsuite.auth.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Users. Inserts are plain SQL with {@code on conflict do nothing}: the unique constraint on the
 * e-mail decides concurrent registrations, and a loser gets {@code false} rather than an exception.
 * Callers provide the session / transaction ({@code Panache.withSession / withTransaction}).
 */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    private static final String INSERT_USER = """
            insert into {h-schema}users (id, email, password_hash, display_name, role)
            values (:id, :email, :hash, :displayName, :role)
            on conflict (email) do nothing""";

    /** Inserts only while there is no admin at all; safe when several replicas start at once. */
    private static final String INSERT_FIRST_ADMIN = """
            insert into {h-schema}users (id, email, password_hash, display_name, role)
            select :id, :email, :hash, :displayName, 'admin'
            where not exists (select 1 from {h-schema}users where role = 'admin')
            on conflict (email) do nothing""";

    public Uni<User> findByEmail(String normalisedEmail) {
        return find("email", normalisedEmail).firstResult();
    }

    /** @return {@code false} when the e-mail is already taken */
    public Uni<Boolean> insertIfEmailFree(UUID id, String email, String passwordHash, String displayName, Role role) {
        return getSession().chain(session -> session.createNativeQuery(INSERT_USER)
                        .setParameter("id", id)
                        .setParameter("email", email)
                        .setParameter("hash", passwordHash)
                        .setParameter("displayName", displayName)
                        .setParameter("role", role.value())
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** @return {@code false} when an admin exists already or the e-mail is taken */
    public Uni<Boolean> insertFirstAdmin(UUID id, String email, String passwordHash, String displayName) {
        return getSession().chain(session -> session.createNativeQuery(INSERT_FIRST_ADMIN)
                        .setParameter("id", id)
                        .setParameter("email", email)
                        .setParameter("hash", passwordHash)
                        .setParameter("displayName", displayName)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    public Uni<Boolean> adminExists() {
        return count("role", Role.ADMIN).map(n -> n > 0);
    }

    public Uni<Long> countAdmins() {
        return count("role", Role.ADMIN);
    }

    /** One page in creation order (oldest first), stable under equal timestamps. */
    public Uni<List<User>> page(int page, int size) {
        return findAll(Sort.by("createdAt").and("id")).page(Page.of(page, size)).list();
    }

    public Uni<Integer> updatePasswordHash(UUID id, String hash) {
        return update("passwordHash = ?1, updatedAt = ?2 where id = ?3", hash, Instant.now(), id);
    }

    /**
     * The enabled admins, locked until the transaction ends, so two admins demoting or disabling
     * each other at once cannot leave the suite without one.
     */
    public Uni<List<User>> lockEnabledAdmins() {
        return find("role = ?1 and disabled = false", Role.ADMIN).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
