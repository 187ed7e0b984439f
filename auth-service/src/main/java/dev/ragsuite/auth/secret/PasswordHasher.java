package dev.ragsuite.auth.secret;

import dev.ragsuite.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.jboss.logging.Logger;

/**
 * bcrypt password hashes (Bouncy Castle's OpenBSD bcrypt, version {@code 2b}). Hashing is slow by
 * design, so the {@link Uni} methods run it on a worker thread and come back on the caller's
 * Vert.x context (which reactive Hibernate needs); the {@code …Blocking} ones are for callers
 * already off the event loop.
 */
@Startup
@ApplicationScoped
public class PasswordHasher {

    /** bcrypt reads at most 72 bytes of a password; longer ones are refused rather than silently cut. */
    public static final int MAX_BYTES = 72;
    public static final int MIN_BYTES = 12;

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);
    private static final String VERSION = "2b";
    private static final int SALT_BYTES = 16;

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    /**
     * Hash of a random throwaway password, checked when a login names an unknown e-mail, so that
     * answer takes as long as a wrong password and does not reveal which addresses have accounts.
     */
    private final String dummyHash;

    public PasswordHasher(AuthConfig config) {
        this.cost = config.bcryptCost();
        this.dummyHash = dummyHash(cost);
    }

    /**
     * A bcrypt string with the given cost that no password matches: a random password hashed at the
     * lowest cost (4), its cost field then set to {@code cost}. Checking a password against it costs as
     * much as against a real hash of that cost (bcrypt's work depends only on the cost written in the
     * string; the stored digest is only compared at the end), while making it costs ~1 ms instead of a
     * full hash (~350 ms at cost 12 in a JVM that has just started, on the path of every start).
     */
    static String dummyHash(int cost) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        String cheap = OpenBSDBCrypt.generate(VERSION, RandomSecrets.password(24).toCharArray(), salt, 4);
        return String.format("$%s$%02d$%s", VERSION, cost, cheap.substring("$2b$04$".length()));
    }

    public Uni<String> hash(String password) {
        return VertxContextSupport.executeBlocking(() -> hashBlocking(password));
    }

    /**
     * Checks a password against a stored hash; with a {@code null} hash (no such user) it checks a
     * dummy hash for the same cost and answers {@code false}.
     */
    public Uni<Boolean> verify(String password, String storedHashOrNull) {
        return VertxContextSupport.executeBlocking(() -> verifyBlocking(password, storedHashOrNull));
    }

    public String hashBlocking(String password) {
        if (utf8Length(password) > MAX_BYTES) {
            throw new IllegalArgumentException("password longer than " + MAX_BYTES + " bytes");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate(VERSION, password.toCharArray(), salt, cost);
    }

    public boolean verifyBlocking(String password, String storedHashOrNull) {
        String against = storedHashOrNull == null ? dummyHash : storedHashOrNull;
        boolean matches;
        try {
            matches = OpenBSDBCrypt.checkPassword(against, password.toCharArray());
        } catch (IllegalArgumentException e) {
            LOG.warn("A stored password hash is not a bcrypt string; treating the login as failed.");
            matches = false;
        }
        // bcrypt ignores bytes after the 72nd: a longer password must not match a shorter one's hash.
        return matches && storedHashOrNull != null && utf8Length(password) <= MAX_BYTES;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
