package dev.ragsuite.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Access tokens this process has already verified (signature against the JWKS, issuer, expiry), kept
 * until they expire, so the same token on the next request costs a map lookup on the calling thread
 * instead of an RSA verification on a worker thread. A client sends one token for many requests, and a
 * question passes three verifiers (gateway, chat-service, vector-service).
 * <p>
 * What the cache does not change: the entry is the exact token string, so a token that differs in any
 * byte (another signature, say) is verified from scratch, and a refused token is never kept; an entry
 * lives until the token's {@code exp} and at most {@code rag.security.verified-tokens.max-age} (1 min)
 * after it was verified, so a signing key withdrawn from the JWKS stops being honoured at most that much
 * later than without the cache (the JWKS itself is kept for {@code smallrye.jwt.jwks.refresh-interval},
 * 10 min). Revocation is not cached at all: every request still asks the revoked-session denylist
 * ({@link RevokedSessions}), so a revoked session is refused on its next request as before.
 * {@code rag.security.verified-tokens.max-size=0} turns the cache off.
 */
@Singleton
public class VerifiedTokens {

    private final JWTParser parser;
    private final Cache<String, JsonWebToken> verified;
    private final boolean enabled;
    private final Counter hits;
    private final Counter verifications;

    @Inject
    public VerifiedTokens(JWTParser parser, MeterRegistry registry,
            @ConfigProperty(name = "rag.security.verified-tokens.max-size", defaultValue = "10000") int maxSize,
            @ConfigProperty(name = "rag.security.verified-tokens.max-age", defaultValue = "PT1M") Duration maxAge) {
        this(parser, registry, maxSize, maxAge, System::currentTimeMillis);
    }

    VerifiedTokens(JWTParser parser, MeterRegistry registry, int maxSize, Duration maxAge, LongSupplier clock) {
        this.parser = parser;
        this.enabled = maxSize > 0;
        this.verified = Caffeine.newBuilder()
                .maximumSize(Math.max(0, maxSize))
                .ticker(() -> clock.getAsLong() * 1_000_000L)
                .expireAfter(untilExpiry(maxAge, clock))
                .build();
        this.hits = Counter.builder("rag.security.tokens").tag("verification", "cached")
                .description("Access tokens accepted: from this process's verified-token cache, or verified (signature, claims)")
                .register(registry);
        this.verifications = Counter.builder("rag.security.tokens").tag("verification", "verified")
                .description("Access tokens accepted: from this process's verified-token cache, or verified (signature, claims)")
                .register(registry);
    }

    /** The token as verified earlier and not yet expired; empty when it must be verified ({@link #verify}). */
    public Optional<JsonWebToken> cached(String token) {
        if (!enabled) {
            return Optional.empty();
        }
        JsonWebToken jwt = verified.getIfPresent(token);
        if (jwt != null) {
            hits.increment();
        }
        return Optional.ofNullable(jwt);
    }

    /**
     * Verifies the token and keeps it when it passes. Blocking: the first call (and a key rotation) fetches
     * the JWKS over HTTP, so call it off the event loop.
     *
     * @throws ParseException when the token is refused (nothing is kept)
     */
    public JsonWebToken verify(String token) throws ParseException {
        JsonWebToken jwt = parser.parse(token);
        verifications.increment();
        if (enabled) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** An entry lives until the token's exp, at most maxAge; a token without exp is not kept past maxAge. */
    private static Expiry<String, JsonWebToken> untilExpiry(Duration maxAge, LongSupplier clock) {
        long maxNanos = maxAge.toNanos();
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
                long exp = jwt.getExpirationTime();
                if (exp <= 0) {
                    return maxNanos;
                }
                long left = Duration.ofMillis(exp * 1000 - clock.getAsLong()).toNanos();
                return Math.max(0, Math.min(maxNanos, left));
            }

            @Override
            public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                return expireAfterCreate(token, jwt, currentTime);
            }

            @Override
            public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }
}
