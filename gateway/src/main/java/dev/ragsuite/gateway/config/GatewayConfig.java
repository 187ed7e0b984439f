package dev.ragsuite.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The gateway's behaviour as data: the route table (path prefixes [+ methods] → target service,
 * public paths, body limit, rate-limit class, API-key scopes, daily quota) and the edge filters'
 * settings.
 */
@ConfigMapping(prefix = "rag.gateway")
public interface GatewayConfig {

    /** Route id → route. */
    Map<String, Route> routes();

    /** Largest request body accepted on a route that sets no limit of its own. */
    @WithDefault("1048576")
    long maxBodyBytes();

    @WithDefault("5S")
    Duration connectTimeout();

    /** An upstream that sends nothing for this long is cut off. */
    @WithDefault("120S")
    Duration idleTimeout();

    /**
     * Proxies (CIDRs or single addresses) whose X-Forwarded-For / Forwarded / X-Forwarded-Proto
     * are believed. Empty (the default): no one's; the client is the TCP peer.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Host names (port ignored, case-insensitive; `*.example.com` matches sub-domains) the gateway
     * answers for on `/api` and the UI. `/q/*` (probes, metrics) is exempt.
     */
    @WithDefault("localhost,127.0.0.1,[::1]")
    List<String> allowedHosts();

    Https https();

    Headers headers();

    RateLimit rateLimit();

    Quotas quotas();

    ApiKeys apiKeys();

    interface Route {
        /** Path prefixes this route owns, e.g. {@code /api/documents}; a prefix matches itself and everything below it. */
        List<String> paths();

        /** Only these methods (upper case); absent = every method. A route with methods wins over one without for the same prefix. */
        Optional<List<String>> methods();

        /** Base URL of the owning service. */
        URI target();

        /** Exact paths on this route that need no access token (login, register, JWKS). */
        Optional<List<String>> publicPaths();

        /** Overrides {@link GatewayConfig#maxBodyBytes()} for this route. */
        OptionalLong maxBodyBytes();

        /** The rate-limit budget this route draws from: a key of {@code rag.gateway.rate-limit.classes}. */
        @WithDefault("default")
        String rateLimitClass();

        /** API-key scopes this route needs; a route with none refuses API keys. */
        Scopes scopes();

        /** The daily per-user quota POST requests on this route count against. */
        Optional<QuotaKind> quota();

        /**
         * Tell the service the caller's use of every daily quota today, in the {@code X-Rag-Quota-Use}
         * request header (common's {@code QuotaUse}); for the usage endpoint, which reports it.
         */
        @WithDefault("false")
        boolean reportQuotas();
    }

    interface Scopes {
        /** Scope needed for GET/HEAD/OPTIONS. */
        Optional<String> read();

        /** Scope needed for every other method. */
        Optional<String> write();
    }

    enum QuotaKind {
        /** One per question asked. */
        CHAT_QUESTIONS,
        /** The declared Content-Length of each upload. */
        UPLOAD_BYTES;

        /** The name in configuration, Redis keys and {@code X-Rag-Quota-Use}: {@code chat-questions}, {@code upload-bytes}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    interface Https {
        /** Redirect (GET/HEAD, 308) or refuse (other methods, 403) requests that a trusted proxy says came over plain HTTP. */
        @WithDefault("false")
        boolean enforce();

        /** Port in redirect locations; absent = the https default (443). */
        OptionalInt redirectPort();
    }

    /** The web app served at `/` (its files come from the webapp module's jar, or from {@code dir}). */
    WebApp webapp();

    interface WebApp {
        @WithDefault("true")
        boolean enabled();

        /**
         * Serve the app from this folder instead of the jar, reading every file per request: for
         * working on the app (`npm run build` shows at once). Absent in production.
         */
        Optional<Path> dir();

        /** The app's own policy: scripts, styles and calls only from its origin, no inline script, no eval, no framing. */
        @WithDefault("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        String contentSecurityPolicy();

        /**
         * The app's own pages (history-API routes): these paths and everything below them answer with
         * index.html; any other path that is not one of the app's files is a 404.
         */
        @WithDefault("/signin,/register,/chat,/documents,/account,/admin")
        List<String> routes();

        /** Cache lifetime of the content-hashed files under /assets/ (their name changes with their content). */
        @WithDefault("P365D")
        Duration immutableMaxAge();
    }

    interface Headers {
        @WithDefault("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        String contentSecurityPolicy();

        @WithDefault("no-referrer")
        String referrerPolicy();

        @WithDefault("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()")
        String permissionsPolicy();

        /** HSTS is sent only on requests that arrived over HTTPS (directly or per a trusted proxy's X-Forwarded-Proto). */
        @WithDefault("P365D")
        Duration hstsMaxAge();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** A Redis answer slower than this counts as Redis being unreachable. */
        @WithDefault("200ms")
        Duration redisTimeout();

        /** After Redis failed, decide per instance for this long before trying Redis again. */
        @WithDefault("2s")
        Duration redisRetryInterval();

        @WithDefault("rag:gateway:rl:")
        String keyPrefix();

        /** Budget name → budget. Every route's rate-limit class must be here. */
        Map<String, Budget> classes();

        /** How a replica spends a large budget without a Redis round trip per request. */
        Lease lease();
    }

    /**
     * A replica draws up to {@code share × burst} requests (at most {@code maxBlock}) of a caller's budget from
     * Redis in one script call and spends them itself. Every request it allows was drawn from the shared
     * budget, so no caller gets more than the budget across replicas; a replica may hold up to one block
     * the others cannot use, and unused requests are dropped {@code ttl} after its last draw. A budget whose
     * share is below 2 (the default budgets: burst 10 to 120) is checked in Redis on every request.
     */
    interface Lease {
        @WithDefault("0.01")
        double share();

        @WithDefault("100")
        int maxBlock();

        @WithDefault("1s")
        Duration ttl();
    }

    /** GCRA budget: {@code limit} requests per {@code period}, at most {@code burst} at once. */
    interface Budget {
        int limit();

        Duration period();

        /** Requests allowed back to back from a full budget; defaults to {@link #limit()}. */
        OptionalInt burst();
    }

    interface Quotas {
        /** Questions (POST /api/chat, /api/chat/stream) per user per UTC day; 0 = no quota. */
        @WithDefault("500")
        long chatQuestions();

        /** Upload bytes (declared Content-Length of POST /api/documents) per user per UTC day; 0 = no quota. */
        @WithDefault("1073741824")
        long uploadBytes();

        @WithDefault("rag:gateway:quota:")
        String keyPrefix();
    }

    interface ApiKeys {
        /** Accept `rk_…` API keys (exchanged at auth-service for a short-lived JWT). */
        @WithDefault("true")
        boolean enabled();

        /** Exchanged tokens kept in memory (keyed by the key's SHA-256). */
        @WithDefault("10000")
        int cacheSize();

        /** Stop using a cached token this long before it expires. */
        @WithDefault("30s")
        Duration refreshBeforeExpiry();

        /** Longest wait for auth-service's exchange answer. */
        @WithDefault("3s")
        Duration timeout();
    }
}
