package dev.ragsuite.auth.apikey;

import dev.ragsuite.auth.ApiKey;
import dev.ragsuite.auth.User;
import dev.ragsuite.auth.audit.AuditLog;
import dev.ragsuite.auth.audit.AuditType;
import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.repository.ApiKeyRepository;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.auth.secret.RandomSecrets;
import dev.ragsuite.auth.session.ClientInfo;
import dev.ragsuite.auth.token.TokenIssuer;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RevokedSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * API keys: {@code rk_} + 32 random bytes in base64url (256 bits), shown once, stored as SHA-256.
 * The gateway exchanges a key for a short access token ({@code sid} = key id, {@code scope},
 * {@code amr: ["api_key"]}) through the internal endpoint; revoking a key denylists that sid.
 */
@ApplicationScoped
public class ApiKeyService {

    public static final String KEY_PREFIX = "rk_";
    static final int KEY_BYTES = 32;
    /** {@code rk_} and the first 8 characters: enough to tell keys apart, useless to an attacker. */
    static final int SHOWN_PREFIX_LENGTH = KEY_PREFIX.length() + 8;
    /** A key's last use is written at most this often. */
    static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);
    static final String INVALID_KEY = "The API key is not valid.";

    private final AuthConfig.ApiKeys config;
    private final ApiKeyRepository keys;
    private final UserRepository users;
    private final TokenIssuer tokens;
    private final RevokedSessions revokedSessions;
    private final AuditLog audit;

    public ApiKeyService(AuthConfig config, ApiKeyRepository keys, UserRepository users, TokenIssuer tokens,
            RevokedSessions revokedSessions, AuditLog audit) {
        this.config = config.apiKeys();
        this.keys = keys;
        this.users = users;
        this.tokens = tokens;
        this.revokedSessions = revokedSessions;
        this.audit = audit;
    }

    /** A new key and its one-time plain value. */
    public record Created(ApiKey key, String plainKey) {
    }

    public Uni<Created> create(UUID userId, String name, Collection<String> scopes, Integer expiresInDays, ClientInfo client) {
        String scopeValue = normaliseScopes(scopes);
        int days = expiresInDays == null ? config.defaultLifetimeDays() : expiresInDays;
        if (days < 1 || days > config.maxLifetimeDays()) {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "expiresInDays must be between 1 and " + config.maxLifetimeDays() + "."));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String plain = KEY_PREFIX + RandomSecrets.urlSafe(KEY_BYTES);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.userId = userId;
        key.name = name;
        key.keyHash = RandomSecrets.sha256Hex(plain);
        key.prefix = plain.substring(0, SHOWN_PREFIX_LENGTH);
        key.scopes = scopeValue;
        key.createdAt = now;
        key.expiresAt = now.plus(Duration.ofDays(days));
        return Panache.withTransaction(() -> keys.countActive(userId, now).chain(active -> {
                    if (active >= config.maxPerUser()) {
                        return Uni.createFrom().failure(ProblemException.conflict("You have " + active
                                + " active API keys, the most allowed; revoke one first."));
                    }
                    return keys.persist(key);
                }))
                .call(saved -> audit.record(AuditLog.event(AuditType.API_KEY_CREATED).user(userId).session(key.id)
                        .ip(client.ip()).detail("name", name).detail("scopes", scopeValue)))
                .map(saved -> new Created(saved, plain));
    }

    public Uni<List<ApiKey>> list(UUID userId) {
        return Panache.withSession(() -> keys.listUnrevoked(userId));
    }

    /** Revokes one of the user's keys and denylists its tokens; 404 when it is not theirs. */
    public Uni<Void> revoke(UUID userId, UUID keyId, ClientInfo client) {
        return Panache.withTransaction(() -> keys.findById(keyId).chain(key -> {
                    if (key == null || !key.userId.equals(userId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("You have no API key with this id."));
                    }
                    return keys.revoke(keyId, userId, Instant.now());
                }))
                .chain(() -> revokedSessions.revoke(keyId.toString(), tokens.longestTtl()))
                .chain(() -> audit.record(AuditLog.event(AuditType.API_KEY_REVOKED).user(userId).session(keyId).ip(client.ip())));
    }

    /** What the gateway gets for a key. */
    public record Exchanged(TokenIssuer.AccessToken token, UUID userId, List<String> scopes) {
    }

    /** Trades a key for an access token; unknown, revoked or expired keys and disabled users get one 401. */
    public Uni<Exchanged> exchange(String plainKey) {
        if (plainKey == null || !plainKey.startsWith(KEY_PREFIX) || plainKey.length() > 100) {
            return Uni.createFrom().failure(ProblemException.unauthorized(INVALID_KEY));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Panache.withTransaction(() -> keys.findByHash(RandomSecrets.sha256Hex(plainKey)).chain(key -> {
            if (key == null || !key.isActive(now)) {
                return Uni.createFrom().failure(ProblemException.unauthorized(INVALID_KEY));
            }
            return users.findById(key.userId).chain(user -> {
                if (user == null || user.disabled) {
                    return Uni.createFrom().<Exchanged>failure(ProblemException.unauthorized(INVALID_KEY));
                }
                return keys.touch(key.id, now, TOUCH_GRANULARITY).map(touched -> issue(user, key, now));
            });
        }));
    }

    private Exchanged issue(User user, ApiKey key, Instant now) {
        return new Exchanged(tokens.issueForApiKey(user, key, now), user.id, key.scopeList());
    }

    /** Known scopes only, each once, in a fixed order; 400 otherwise. */
    static String normaliseScopes(Collection<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw ProblemException.badRequest("scopes must name at least one of chat, documents:read, documents:write.");
        }
        for (String scope : scopes) {
            if (scope == null || ApiKeyScope.of(scope).isEmpty()) {
                throw ProblemException.badRequest("Unknown scope '" + scope + "'; use chat, documents:read or documents:write.");
            }
        }
        return java.util.Arrays.stream(ApiKeyScope.values())
                .filter(s -> scopes.contains(s.value()))
                .map(ApiKeyScope::value)
                .collect(Collectors.joining(" "));
    }
}
