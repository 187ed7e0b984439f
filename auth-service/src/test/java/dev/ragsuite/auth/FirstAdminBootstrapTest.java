package dev.ragsuite.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.admin.FirstAdminBootstrap;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.auth.secret.PasswordHasher;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class FirstAdminBootstrapTest {

    @Inject
    FirstAdminBootstrap bootstrap;

    @Inject
    UserRepository users;

    @Inject
    PasswordHasher hasher;

    @Test
    void noSecondAdminWhenOneExists() throws Throwable {
        long adminsBefore = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(users::countAdmins));
        assertTrue(adminsBefore >= 1, "the test profile's first admin exists");

        String otherEmail = AuthApi.randomEmail();
        FirstAdminBootstrap.Outcome withPassword = VertxContextSupport.subscribeAndAwait(
                () -> bootstrap.ensureFirstAdmin(Optional.of(otherEmail), Optional.of("another-admin-password")));
        FirstAdminBootstrap.Outcome generated = VertxContextSupport.subscribeAndAwait(
                () -> bootstrap.ensureFirstAdmin(Optional.of(otherEmail), Optional.empty()));

        assertEquals(FirstAdminBootstrap.Outcome.ADMIN_EXISTS, withPassword);
        assertEquals(FirstAdminBootstrap.Outcome.ADMIN_EXISTS, generated);
        assertEquals(adminsBefore, adminCount());
        assertNull(findUser(otherEmail));
    }

    @Test
    void theInsertItselfRefusesASecondAdmin() throws Throwable {
        // what a replica that lost the start-up race runs: its check saw no admin, the insert sees one
        long adminsBefore = adminCount();
        String email = AuthApi.randomEmail();
        String hash = hasher.hashBlocking("another-admin-password");

        boolean inserted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> users.insertFirstAdmin(UUID.randomUUID(), email, hash, "Second")));

        assertFalse(inserted);
        assertEquals(adminsBefore, adminCount());
        assertNull(findUser(email));
    }

    private long adminCount() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(users::countAdmins));
    }

    private User findUser(String email) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.findByEmail(email)));
    }
}
