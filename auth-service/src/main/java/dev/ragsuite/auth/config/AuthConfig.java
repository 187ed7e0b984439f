package dev.ragsuite.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import java.time.Duration;
import java.util.Optional;

/** Settings of auth-service ({@code rag.auth.*}). */
@ConfigMapping(prefix = "rag.auth")
public interface AuthConfig {

    /** Whether anyone may create an account with {@code POST /api/auth/register}. */
    @WithDefault("true")
    boolean registrationEnabled();

    /**
     * Lifetime of an access token, and of the revoked-session entry a logout writes to Redis.
     * Between one minute and one day.
     */
    @WithDefault("PT15M")
    @DurationMin(minutes = 1)
    @DurationMax(days = 1)
    Duration accessTokenTtl();

    /** bcrypt work factor (log2 of the rounds). 12 takes roughly a quarter second per hash. */
    @WithDefault("12")
    @Min(4)
    @Max(31)
    int bcryptCost();

    Signing signing();

    Admin admin();

    /** The RS256 key pair tokens are signed with, as PEM files (PKCS#8 private, X.509 public). */
    interface Signing {

        Path privateKey();

        Path publicKey();

        /**
         * Create a fresh RSA 2048 pair at start-up when neither file exists (development). Off in
         * production: there a missing key is a deployment mistake and start-up fails.
         */
        @WithDefault("false")
        boolean generateIfMissing();
    }

    /**
     * The first administrator, created at start-up when no admin exists yet. Without a password a
     * one-time random one is generated and printed once to the log ({@code FIRST-ADMIN …}).
     */
    interface Admin {

        /** Defaults to {@code admin@rag-suite.local}. */
        Optional<String> email();

        Optional<String> password();
    }
}
