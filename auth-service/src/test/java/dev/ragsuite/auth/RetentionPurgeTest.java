package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.register;
import static dev.ragsuite.auth.AuthApi.sid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.audit.RetentionPurge;
import dev.ragsuite.auth.repository.AuditRepository;
import dev.ragsuite.auth.repository.RefreshTokenRepository;
import dev.ragsuite.auth.repository.SessionRepository;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ended sessions (and their refresh tokens) and old audit events go once past retention; nothing else does. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RetentionPurgeTest {

    @Inject
    RetentionPurge purge;

    @Inject
    SessionRepository sessions;

    @Inject
    RefreshTokenRepository refreshTokens;

    @Inject
    AuditRepository audit;

    @Test
    void onlyRowsPastTheirRetentionAreDeleted() throws Throwable {
        Instant now = Instant.now();
        Instant fortyDaysAgo = now.minus(Duration.ofDays(40));
        UUID revokedLongAgo = newSession();
        UUID expiredLongAgo = newSession();
        UUID idleLongAgo = newSession();
        UUID revokedYesterday = newSession();
        UUID live = newSession();
        update("createdAt = ?1, revokedAt = ?2 where id = ?3", fortyDaysAgo.minus(Duration.ofDays(1)), fortyDaysAgo, revokedLongAgo);
        update("createdAt = ?1, expiresAt = ?2 where id = ?3", fortyDaysAgo.minus(Duration.ofDays(30)), fortyDaysAgo, expiredLongAgo);
        // idle limit 7 days + retention 30 days: last used 40 days ago is past both
        update("createdAt = ?1, lastUsedAt = ?1 where id = ?2", fortyDaysAgo, idleLongAgo);
        update("revokedAt = ?1 where id = ?2", now.minus(Duration.ofDays(1)), revokedYesterday);
        long tokensOfRevoked = count(revokedLongAgo);
        assertTrue(tokensOfRevoked > 0, "the login left a refresh token to be purged with its session");

        UUID oldEvent = auditEvent(now.minus(Duration.ofDays(400)));
        UUID recentEvent = auditEvent(now.minus(Duration.ofDays(10)));

        RetentionPurge.Purged purged = VertxContextSupport.subscribeAndAwait(() -> purge.purge(now));

        assertTrue(purged.sessions() >= 3, "deleted " + purged.sessions());
        assertTrue(purged.auditEvents() >= 1, "deleted " + purged.auditEvents());
        assertNull(find(revokedLongAgo), "revoked 40 days ago");
        assertNull(find(expiredLongAgo), "expired 40 days ago");
        assertNull(find(idleLongAgo), "idle for 40 days");
        assertEquals(0, count(revokedLongAgo), "its refresh tokens went with it");
        assertNotNull(find(revokedYesterday), "revoked yesterday: still within retention");
        assertNotNull(find(live), "a live session stays");
        assertNull(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> audit.findById(oldEvent))));
        assertNotNull(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> audit.findById(recentEvent))));

        // a second run (another replica) deletes nothing it should keep
        VertxContextSupport.subscribeAndAwait(() -> purge.purge(now));
        assertNotNull(find(live));
        assertNotNull(find(revokedYesterday));
    }

    private static UUID newSession() {
        String email = randomEmail();
        register(email);
        return UUID.fromString(sid(loginTokens(email, PASSWORD).getString("accessToken")));
    }

    private void update(String query, Object... params) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> sessions.update(query, params)));
    }

    private UserSession find(UUID id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> sessions.findById(id)));
    }

    private long count(UUID sessionId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> refreshTokens.count("sessionId", sessionId)));
    }

    private UUID auditEvent(Instant at) throws Throwable {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.at = at;
        event.type = "login";
        event.details = "{}";
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> audit.persist(event)));
        return event.id;
    }
}
