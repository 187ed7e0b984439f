package dev.ragsuite.auth.admin;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.repository.UserRepository;
import dev.ragsuite.auth.secret.PasswordHasher;
import dev.ragsuite.auth.secret.RandomSecrets;
import dev.ragsuite.auth.token.SigningKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Makes sure the suite has an administrator, without default credentials: at start-up, if no user
 * has role {@code admin}, one is created from {@code rag.auth.admin.email/password}
 * ({@code RAG_ADMIN_EMAIL}, {@code RAG_ADMIN_PASSWORD}; in Kubernetes the {@code rag-admin} Secret);
 * without a password a random one is generated and written to {@code rag.auth.admin.password-file}
 * (mode 0600), which {@code ./rag up} prints on its terminal once and deletes. The log says only
 * {@code FIRST-ADMIN email=… created} and where the file is, never the password. Only its bcrypt
 * hash is stored.
 *
 * <p>Safe with several replicas starting together: the insert itself re-checks that no admin
 * exists and yields on the unique e-mail, so at most one admin is created.
 */
@ApplicationScoped
public class FirstAdminBootstrap {

    static final String DEFAULT_EMAIL = "admin@rag-suite.local";
    static final String DISPLAY_NAME = "Administrator";
    static final int GENERATED_PASSWORD_LENGTH = 24;

    private static final Logger LOG = Logger.getLogger(FirstAdminBootstrap.class);

    private final AuthConfig config;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SigningKeys signingKeys;

    public FirstAdminBootstrap(AuthConfig config, UserRepository users, PasswordHasher hasher, SigningKeys signingKeys) {
        this.config = config;
        this.users = users;
        this.hasher = hasher;
        this.signingKeys = signingKeys;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // Load the signing key first: if it is missing, start-up must fail before a one-time
        // password is printed into the log of a run that never serves a login.
        LOG.debugf("Signing key %s ready; checking for a first admin", signingKeys.keyId());
        VertxContextSupport.subscribeAndAwait(() -> ensureFirstAdmin(config.admin().email(), config.admin().password()));
    }

    /** What {@link #ensureFirstAdmin} did. */
    public enum Outcome {
        /** There was an admin already; nothing was created. */
        ADMIN_EXISTS,
        /** This call created the first admin. */
        CREATED,
        /** Another replica created an admin at the same moment, or the e-mail belongs to a user already. */
        NOT_CREATED
    }

    public Uni<Outcome> ensureFirstAdmin(Optional<String> configuredEmail, Optional<String> configuredPassword) {
        return Panache.withSession(users::adminExists)
                .chain(exists -> exists
                        ? Uni.createFrom().item(Outcome.ADMIN_EXISTS)
                        : create(configuredEmail.orElse(DEFAULT_EMAIL).strip().toLowerCase(Locale.ROOT), configuredPassword));
    }

    private Uni<Outcome> create(String email, Optional<String> configuredPassword) {
        if (email.length() > 254 || email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "rag.auth.admin.email (RAG_ADMIN_EMAIL) is not an e-mail address: " + email));
        }
        configuredPassword.ifPresent(FirstAdminBootstrap::checkConfiguredPassword);
        boolean generated = configuredPassword.isEmpty();
        String password = configuredPassword.orElseGet(() -> RandomSecrets.password(GENERATED_PASSWORD_LENGTH));
        UUID id = UUID.randomUUID();
        return hasher.hash(password)
                .chain(hash -> Panache.withTransaction(() -> users.insertFirstAdmin(id, email, hash, DISPLAY_NAME)))
                .map(created -> {
                    if (!created) {
                        LOG.infof("No first admin created: another instance created one at the same time, or %s"
                                + " is already registered as an ordinary user (then set RAG_ADMIN_EMAIL to another address).", email);
                        return Outcome.NOT_CREATED;
                    }
                    announceCreated(email, password, generated);
                    return Outcome.CREATED;
                });
    }

    /**
     * Tells the operator about the first admin just created. A generated password goes to
     * {@code rag.auth.admin.password-file} (mode 0600, replaced if it exists), never into the log:
     * log streams are collected, shipped and kept far beyond the one person who should see it.
     */
    void announceCreated(String email, String password, boolean generated) {
        if (!generated) {
            LOG.infof("Created the first admin %s with the configured password.", email);
            return;
        }
        Path file = config.admin().passwordFile();
        try {
            writeOwnerOnly(file, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the first admin's one-time password to " + file
                    + "; set RAG_ADMIN_PASSWORD instead", e);
        }
        LOG.warnf("FIRST-ADMIN email=%s created; its one-time password is in %s (./rag up prints it once and deletes"
                + " the file; elsewhere read and delete it yourself, then change the password)", email, file);
    }

    /** Writes a file that only this user can read, created with that mode (never readable in between). */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void checkConfiguredPassword(String password) {
        int bytes = PasswordHasher.utf8Length(password);
        if (bytes < PasswordHasher.MIN_BYTES || bytes > PasswordHasher.MAX_BYTES) {
            throw new IllegalStateException("rag.auth.admin.password (RAG_ADMIN_PASSWORD) must be "
                    + PasswordHasher.MIN_BYTES + " to " + PasswordHasher.MAX_BYTES + " bytes in UTF-8.");
        }
    }
}
