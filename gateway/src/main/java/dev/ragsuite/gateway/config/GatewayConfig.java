package dev.ragsuite.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gateway's behaviour as data: the route table (path prefixes → target service, which paths
 * are public, body limits) and the edge filters' settings.
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

    Headers headers();

    interface Route {
        /** Path prefixes this route owns, e.g. {@code /api/documents}; a prefix matches itself and everything below it. */
        List<String> paths();

        /** Base URL of the owning service. */
        URI target();

        /** Exact paths on this route that need no access token (login, register, JWKS). */
        Optional<List<String>> publicPaths();

        /** Overrides {@link GatewayConfig#maxBodyBytes()} for this route. */
        OptionalLong maxBodyBytes();
    }

    interface Headers {
        @WithDefault("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        String contentSecurityPolicy();

        @WithDefault("no-referrer")
        String referrerPolicy();

        /** HSTS is sent only on requests that arrived over HTTPS (directly or per X-Forwarded-Proto). */
        @WithDefault("P365D")
        Duration hstsMaxAge();
    }
}
