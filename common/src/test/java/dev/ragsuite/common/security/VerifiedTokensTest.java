package dev.ragsuite.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The verified-token cache against a parser that counts its verifications and a clock the test moves. */
class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final CountingParser parser = new CountingParser();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private VerifiedTokens tokens(int maxSize, Duration maxAge) {
        return new VerifiedTokens(parser, registry, maxSize, maxAge, now::get);
    }

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCacheUntilItExpires() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        parser.expiresAt("a", now.get() / 1000 + 120);

        JsonWebToken first = tokens.verify("a");

        assertSame(first, tokens.cached("a").orElseThrow());
        assertSame(first, tokens.cached("a").orElseThrow());
        assertEquals(1, parser.parses.get());
        now.addAndGet(119_000);
        assertTrue(tokens.cached("a").isPresent(), "still valid a second before exp");
        now.addAndGet(1_000);
        assertTrue(tokens.cached("a").isEmpty(), "gone at exp: the next request verifies it again");
        assertEquals(3.0, registry.get("rag.security.tokens").tag("verification", "cached").counter().count());
        assertEquals(1.0, registry.get("rag.security.tokens").tag("verification", "verified").counter().count());
    }

    @Test
    void noEntryOutlivesTheMaximumAge() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofSeconds(30));
        parser.expiresAt("long-lived", now.get() / 1000 + 3600);
        tokens.verify("long-lived");

        now.addAndGet(29_000);
        assertTrue(tokens.cached("long-lived").isPresent());
        now.addAndGet(1_000);
        assertTrue(tokens.cached("long-lived").isEmpty(), "re-verified after max-age, so a key withdrawn from the JWKS stops counting soon after");
    }

    @Test
    void aRefusedTokenIsNeverKept() {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));

        assertThrows(ParseException.class, () -> tokens.verify("forged"));

        assertTrue(tokens.cached("forged").isEmpty());
        assertThrows(ParseException.class, () -> tokens.verify("forged"));
        assertEquals(2, parser.parses.get(), "verified again each time");
    }

    @Test
    void onlyTheExactTokenStringHits() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        parser.expiresAt("header.payload.signature", now.get() / 1000 + 120);
        tokens.verify("header.payload.signature");

        assertTrue(tokens.cached("header.payload.signaturf").isEmpty());
        assertTrue(tokens.cached("header.payload.signature ").isEmpty());
    }

    @Test
    void sizeZeroTurnsTheCacheOff() throws ParseException {
        VerifiedTokens tokens = tokens(0, Duration.ofMinutes(5));
        parser.expiresAt("a", now.get() / 1000 + 120);

        tokens.verify("a");

        assertTrue(tokens.cached("a").isEmpty());
        tokens.verify("a");
        assertEquals(2, parser.parses.get());
    }

    /** Accepts the tokens it was told about (with their exp), refuses every other. */
    private static final class CountingParser implements JWTParser {
        final AtomicInteger parses = new AtomicInteger();
        private final Map<String, Long> known = new java.util.concurrent.ConcurrentHashMap<>();

        void expiresAt(String token, long exp) {
            known.put(token, exp);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parses.incrementAndGet();
            Long exp = known.get(token);
            if (exp == null) {
                throw new ParseException("signature does not verify");
            }
            return new Token(token, exp);
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
            return parse(token);
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) throws ParseException {
            return parse(token);
        }
    }

    private record Token(String raw, long exp) implements JsonWebToken {

        @Override
        public String getName() {
            return "user";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("raw_token", "exp");
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String name) {
            return (T) switch (name) {
                case "raw_token" -> raw;
                case "exp" -> Long.valueOf(exp);
                default -> null;
            };
        }
    }
}
