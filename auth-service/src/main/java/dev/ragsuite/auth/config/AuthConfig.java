package dev.ragsuite.auth.config;


import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of auth-service ({@code rag.auth.*}). */
@ConfigMapping(prefix = "rag.auth")
public interface AuthConfig {

    /** Whether anyone may create an account with {@code POST /api/auth/register}. */
    @WithDefault("true")
    boolean registrationEnabled();

    /**
     * Lifetime of an access token. The revoked-session entry a logout writes to Redis lasts this
     * plus the verifiers' clock skew ({@code mp.jwt.verify.clock.skew}). Between one minute and one day.
     */
    @WithDefault("PT15M")
    @DurationMin(minutes = 1)
    @DurationMax(days = 1)
    Duration accessTokenTtl();

    /**
     * The {@code iss} of the tokens we sign; by default what every service verifies
     * ({@code mp.jwt.verify.issuer}, set for the whole suite by common).
     */
    @WithDefault("${mp.jwt.verify.issuer}")
    String issuer();

    /** bcrypt work factor (log2 of the rounds). 12 takes roughly a quarter second per hash. */
    @WithDefault("12")
    @Min(4)
    @Max(31)
    int bcryptCost();

    Session session();

    Throttle throttle();

    ApiKeys apiKeys();

    Signing signing();

    Admin admin();

    Retention retention();

    RefreshCookie refreshCookie();

    /**
     * Cookie mode for browser clients ({@code dev.ragsuite.common.api.RefreshCookie}): a login sent with
     * {@code X-Refresh-Token-Mode: cookie} gets its refresh token as an {@code HttpOnly; SameSite=Strict} cookie
     * scoped to {@code POST /api/auth/refresh/cookie}, never in the JSON body, so no script can read it. That refresh
     * needs the same header (a cross-site page cannot send it without a CORS preflight the gateway refuses)
     * and an {@code Origin} that is the suite's own (scheme and host the gateway forwarded) or one of
     * {@code allowedOrigins}.
     */
    interface RefreshCookie {

        /** {@code Secure}: sent over HTTPS only (browsers treat http://localhost as secure too). */
        @WithDefault("true")
        boolean secure();

        /** Origins besides the suite's own that may refresh with the cookie, e.g. a separate web app's. */
        java.util.Optional<java.util.List<String>> allowedOrigins();
    }

    /**
     * How long ended sessions and audit events are kept; a job on every replica deletes older
     * rows every {@code purgeInterval} (deleting is idempotent, so replicas need not coordinate).
     */
    interface Retention {

        /**
         * An ended session (revoked, past its absolute limit, or idle past its idle limit) is kept
         * this long after it ended, for "my sessions" and investigations; its refresh tokens go with it.
         */
        @WithDefault("P30D")
        @DurationMin(days = 1)
        Duration endedSessions();

        /** Audit events older than this are deleted. */
        @WithDefault("P365D")
        @DurationMin(days = 1)
        Duration auditEvents();

        /** How often the purge runs. */
        @WithDefault("1h")
        Duration purgeInterval();
    }

    /** How long a login session (and so its refresh tokens) lasts. */
    interface Session {

        /** A session not refreshed for this long ends. */
        @WithDefault("P7D")
        @DurationMin(minutes = 5)
        Duration idleTimeout();

        /** A session ends this long after the login, however often it is refreshed. */
        @WithDefault("P30D")
        @DurationMin(minutes = 5)
        Duration absoluteTimeout();

        /**
         * Live sessions one user may have; a login beyond it ends the oldest ones, so logging in
         * over and over cannot grow the table (or the session list) without bound.
         */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int maxPerUser();
    }

    /**
     * Login throttling, kept in Redis so every replica shares it (see {@code LoginThrottle}). After
     * {@code maxFailures} failures within {@code window}, one account from one client address
     * ({@code accountAddress}), or one client address across accounts ({@code ip}), is locked for
     * {@code lockout * 2^(n-1)} (n = how often it was locked within {@code strikeMemory}), at most
     * {@code maxLockout}. One account across all addresses ({@code account}) is never locked: past its
     * limit it is braked to one password check per {@code pace}.
     */
    interface Throttle {

        /** One account from one client address: locks that address out of that account. */
        Limit accountAddress();

        /** One client address across accounts. */
        Limit ip();

        /** One account across client addresses: a brake, not a lock, so nobody can lock the owner out. */
        Brake account();

        /** How long earlier lock-outs count towards the back-off. */
        @WithDefault("PT24H")
        Duration strikeMemory();

        interface Limit {

            @WithDefault("5")
            @Min(1)
            int maxFailures();

            @WithDefault("PT15M")
            @DurationMin(seconds = 1)
            Duration window();

            @WithDefault("PT1M")
            @DurationMin(seconds = 1)
            Duration lockout();

            @WithDefault("PT1H")
            @DurationMin(seconds = 1)
            Duration maxLockout();
        }

        interface Brake {

            @WithDefault("10")
            @Min(1)
            int maxFailures();

            @WithDefault("PT15M")
            @DurationMin(seconds = 1)
            Duration window();

            /** Past the limit: at most one password check per this long, for the account from any address. */
            @WithDefault("PT5S")
            @DurationMin(millis = 100)
            @DurationMax(minutes = 1)
            Duration pace();
        }
    }

    /** API keys for programmatic clients. */
    interface ApiKeys {

        /** Active (not revoked, not expired) keys one user may have. */
        @WithDefault("20")
        @Min(1)
        @Max(1000)
        int maxPerUser();

        /** Lifetime of a key created without {@code expiresInDays}. */
        @WithDefault("90")
        @Min(1)
        int defaultLifetimeDays();

        @WithDefault("365")
        @Min(1)
        int maxLifetimeDays();

        /** Lifetime of the access token the gateway gets for a key. */
        @WithDefault("PT5M")
        @DurationMin(seconds = 30)
        @DurationMax(hours = 1)
        Duration tokenTtl();
    }

    /**
     * The RS256 keys tokens are signed with: a directory (a mounted secret in production) of PEM
     * files. Each PKCS#8 private key ({@code BEGIN PRIVATE KEY}) can sign; X.509 public keys
     * ({@code BEGIN PUBLIC KEY}) are only published, for tokens of a key being retired. All are
     * published at the JWKS.
     */
    interface Signing {

        Path keysDir();

        /**
         * The {@code kid} (JWK SHA-256 thumbprint) of the private key that signs. Unset: the private
         * key whose file was modified last (ties: the file name that sorts last).
         */
        Optional<String> activeKid();

        /**
         * Create a fresh RSA 2048 pair in the directory at start-up when it holds no private key
         * (development). Off in production: there a missing key is a deployment mistake.
         */
        @WithDefault("false")
        boolean generateIfMissing();
    }

    /**
     * The first administrator, created at start-up when no admin exists yet. Without a password a
     * one-time random one is generated and written to {@code passwordFile} (readable by this user
     * only), never to the log; {@code ./rag up} prints it on its terminal and deletes the file.
     */
    interface Admin {

        /** Defaults to {@code admin@rag-suite.local}. */
        Optional<String> email();

        /** The first admin's password ({@code RAG_ADMIN_PASSWORD}; in Kubernetes from the {@code rag-admin} Secret). */
        Optional<String> password();

        /** Where a generated first-admin password is written, mode 0600 ({@code RAG_DATA_DIR}/first-admin-password). */
        Path passwordFile();
    }
}
