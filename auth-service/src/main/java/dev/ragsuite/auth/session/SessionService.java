package dev.ragsuite.auth.session;

import dev.ragsuite.auth.RefreshToken;
import dev.ragsuite.auth.User;
import dev.ragsuite.auth.UserSession;
import dev.ragsuite.auth.audit.AuditLog;
import dev.ragsuite.auth.audit.AuditType;
import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.repository.ApiKeyRepository;
import dev.ragsuite.auth.repository.RefreshTokenRepository;
import dev.ragsuite.auth.repository.SessionRepository;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.auth.secret.RandomSecrets;
import dev.ragsuite.auth.token.TokenIssuer;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.RevokedSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Login sessions: opening one (with its first refresh token), rotating refresh tokens, listing and
 * revoking. Every revocation is written to PostgreSQL, then to the Redis denylist every service
 * checks, then to the audit trail / event stream, all before the caller gets its answer.
 */
@ApplicationScoped
public class SessionService {

    static final String INVALID_REFRESH = "The refresh token is not valid; log in again.";
    private static final Logger LOG = Logger.getLogger(SessionService.class);
    /** 256 bits. */
    private static final int REFRESH_TOKEN_BYTES = 32;
    /** How many surplus sessions one login ends at most (there is only ever one after the first). */
    private static final int EXTRA_ENDED_PER_LOGIN = 20;

    private final AuthConfig config;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final RefreshTokenRepository refreshTokens;
    private final ApiKeyRepository apiKeys;
    private final TokenIssuer tokens;
    private final RevokedSessions revokedSessions;
    private final AuditLog audit;

    public SessionService(AuthConfig config, UserRepository users, SessionRepository sessions,
            RefreshTokenRepository refreshTokens, ApiKeyRepository apiKeys, TokenIssuer tokens,
            RevokedSessions revokedSessions, AuditLog audit) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.revokedSessions = revokedSessions;
        this.audit = audit;
    }

    /** An access token and the refresh token that gets the next one. */
    public record Tokens(TokenIssuer.AccessToken access, String refreshToken, UUID sessionId) {
    }

    /** Opens a session for a user whose credentials were checked. */
    public Uni<Tokens> open(User user, ClientInfo client) {
        // full precision orders a user's sessions (oldest are ended first); tokens carry whole seconds
        Instant opened = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant now = opened.truncatedTo(ChronoUnit.SECONDS);
        UserSession session = UserSession.start(user.id, opened, opened.plus(config.session().absoluteTimeout()),
                client.userAgent(), client.ip());
        String refresh = RandomSecrets.urlSafe(REFRESH_TOKEN_BYTES);
        return Panache.withTransaction(() -> sessions.persist(session)
                        .chain(() -> refreshTokens.persist(RefreshToken.issue(session.id, RandomSecrets.sha256Hex(refresh), now))))
                .map(saved -> new Tokens(tokens.issue(user, session.id, now), refresh, session.id))
                .call(() -> endOldestBeyondLimit(user.id, client));
    }

    /** Ends the user's oldest live sessions beyond {@code rag.auth.session.max-per-user}. */
    private Uni<Void> endOldestBeyondLimit(UUID userId, ClientInfo client) {
        Instant now = Instant.now();
        int max = config.session().maxPerUser();
        return Panache.withTransaction(() -> sessions.active(userId, now, max + EXTRA_ENDED_PER_LOGIN)
                        .chain(newestFirst -> {
                            List<UUID> extra = newestFirst.stream().skip(max).map(s -> s.id).toList();
                            return sessions.revokeAll(userId, extra, now).replaceWith(extra);
                        }))
                .chain(extra -> {
                    Uni<Void> chain = revokedSessions.revokeAll(extra.stream().map(UUID::toString).toList(), tokens.longestTtl());
                    for (UUID sid : extra) {
                        chain = chain.chain(() -> audit.record(AuditLog.event(AuditType.SESSION_REVOKED)
                                .user(userId).session(sid).ip(client.ip()).detail("reason", "session_limit")));
                    }
                    return chain;
                });
    }

    /**
     * Trades a refresh token for new tokens. A token that was used before revokes its session
     * (someone holds a copy), as does a concurrent second use. Unknown tokens, ended sessions and
     * disabled users all get the same 401.
     */
    public Uni<Tokens> refresh(String presented, ClientInfo client) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String hash = RandomSecrets.sha256Hex(presented);
        return Panache.withTransaction(() -> refreshTokens.findByHash(hash)
                        .chain(token -> token == null
                                ? Uni.createFrom().item(Outcome.invalid())
                                : refreshTokens.markUsed(token.id, now)
                                        .chain(first -> first ? rotate(token, now) : reused(token, now))))
                .chain(outcome -> finish(outcome, client));
    }

    private Uni<Outcome> rotate(RefreshToken used, Instant now) {
        return sessions.findById(used.sessionId).chain(session -> users.findById(session.userId).chain(user -> {
            if (user == null || user.disabled || !session.isActive(now, config.session().idleTimeout())) {
                return Uni.createFrom().item(Outcome.invalid());
            }
            session.lastUsedAt = now;
            String refresh = RandomSecrets.urlSafe(REFRESH_TOKEN_BYTES);
            return refreshTokens.persist(RefreshToken.issue(session.id, RandomSecrets.sha256Hex(refresh), now))
                    .map(saved -> Outcome.rotated(new Tokens(tokens.issue(user, session.id, now), refresh, session.id)));
        }));
    }

    private Uni<Outcome> reused(RefreshToken token, Instant now) {
        return sessions.findById(token.sessionId)
                .chain(session -> sessions.revoke(session.id, session.userId, now)
                        .map(revoked -> Outcome.reuse(session.userId, session.id)));
    }

    private Uni<Tokens> finish(Outcome outcome, ClientInfo client) {
        if (outcome.tokens != null) {
            return Uni.createFrom().item(outcome.tokens);
        }
        Uni<Void> sideEffects = Uni.createFrom().voidItem();
        if (outcome.reuseSessionId != null) {
            LOG.warnf("Refresh token reuse on session %s of user %s: the session is revoked", outcome.reuseSessionId, outcome.userId);
            sideEffects = revokedSessions.revoke(outcome.reuseSessionId.toString(), tokens.longestTtl())
                    .chain(() -> audit.record(AuditLog.event(AuditType.REFRESH_REUSE_DETECTED)
                            .user(outcome.userId).session(outcome.reuseSessionId).ip(client.ip())))
                    .chain(() -> audit.record(AuditLog.event(AuditType.SESSION_REVOKED)
                            .user(outcome.userId).session(outcome.reuseSessionId).ip(client.ip())
                            .detail("reason", "refresh_reuse_detected")));
        }
        return sideEffects.chain(() -> Uni.createFrom().failure(ProblemException.unauthorized(INVALID_REFRESH)));
    }

    private record Outcome(Tokens tokens, UUID userId, UUID reuseSessionId) {
        static Outcome invalid() {
            return new Outcome(null, null, null);
        }

        static Outcome rotated(Tokens tokens) {
            return new Outcome(tokens, null, null);
        }

        static Outcome reuse(UUID userId, UUID sessionId) {
            return new Outcome(null, userId, sessionId);
        }
    }

    /** The user's live sessions, newest first. */
    public Uni<List<UserSession>> list(UUID userId) {
        Instant now = Instant.now();
        return Panache.withSession(() -> sessions.active(userId, now, config.session().maxPerUser()))
                .map(list -> list.stream().filter(s -> s.isActive(now, config.session().idleTimeout())).toList());
    }

    /** Ends one of the user's own sessions; 404 when it is not theirs (or does not exist). */
    public Uni<Void> revoke(UUID userId, UUID sessionId, AuditType type, ClientInfo client) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> sessions.findById(sessionId)
                        .chain(session -> {
                            if (session == null || !session.userId.equals(userId)) {
                                return Uni.createFrom().failure(ProblemException.notFound("You have no session with this id."));
                            }
                            return sessions.revoke(sessionId, userId, now);
                        }))
                .chain(() -> revokedSessions.revoke(sessionId.toString(), tokens.longestTtl()))
                .chain(() -> audit.record(AuditLog.event(type).user(userId).session(sessionId).ip(client.ip())));
    }

    /** What ending all of a user's sessions does to their API keys. */
    public enum ApiKeys {
        /** Leaves them alone ("log out everywhere" ends logins, not programmatic keys). */
        KEEP,
        /**
         * Denylists the tokens exchanged for them; the keys stay, and work again once the user may
         * exchange them (a disabled user cannot; an enabled one again can).
         */
        SUSPEND,
        /** Revokes the keys for good (a credential reset or a role change) and denylists their tokens. */
        REVOKE
    }

    /**
     * Ends every session of a user except {@code keep} (may be {@code null}) and does {@code apiKeys}
     * to their API keys. Returns how many sessions were ended.
     */
    public Uni<Integer> revokeAllOf(UUID userId, UUID keep, ApiKeys apiKeys, UUID actorId, ClientInfo client, String reason) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> sessions.unrevokedIds(userId)
                        .chain(ids -> {
                            List<UUID> ending = ids.stream().filter(id -> !id.equals(keep)).toList();
                            Uni<List<UUID>> keys = apiKeys == ApiKeys.KEEP
                                    ? Uni.createFrom().item(List.of())
                                    : this.apiKeys.unrevokedIds(userId);
                            return sessions.revokeAll(userId, ending, now)
                                    .chain(() -> keys)
                                    .call(keyIds -> apiKeys == ApiKeys.REVOKE
                                            ? this.apiKeys.revokeAll(userId, keyIds, now)
                                            : Uni.createFrom().voidItem())
                                    .map(keyIds -> new Ending(ending, keyIds));
                        }))
                .chain(ending -> {
                    List<String> sids = new ArrayList<>();
                    ending.sessions.forEach(id -> sids.add(id.toString()));
                    ending.apiKeys.forEach(id -> sids.add(id.toString()));
                    Uni<Void> chain = revokedSessions.revokeAll(sids, tokens.longestTtl());
                    // one stream entry per sid, so consumers that cache revocations learn each of them
                    for (UUID sid : ending.sessions) {
                        chain = chain.chain(() -> audit.record(AuditLog.event(AuditType.SESSION_REVOKED)
                                .user(userId).actor(actorId).session(sid).ip(client.ip()).detail("reason", reason)));
                    }
                    for (UUID keyId : ending.apiKeys) {
                        chain = chain.chain(() -> audit.record(AuditLog.event(AuditType.SESSION_REVOKED)
                                .user(userId).actor(actorId).session(keyId).ip(client.ip()).detail("reason", reason)
                                .detail("kind", "api_key").detail("keyRevoked", apiKeys == ApiKeys.REVOKE)));
                    }
                    return chain.chain(() -> audit.record(AuditLog.event(AuditType.SESSIONS_REVOKED_ALL)
                                    .user(userId).actor(actorId).session(keep).ip(client.ip())
                                    .detail("reason", reason).detail("sessions", ending.sessions.size())
                                    .detail("apiKeys", ending.apiKeys.size())))
                            .replaceWith(ending.sessions.size());
                });
    }

    private record Ending(List<UUID> sessions, List<UUID> apiKeys) {
    }
}
