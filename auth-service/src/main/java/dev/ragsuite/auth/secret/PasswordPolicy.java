package dev.ragsuite.auth.secret;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be: 12 to 72 bytes in UTF-8 (72 is where bcrypt stops reading; we
 * refuse longer rather than silently ignore the rest), not one of the ~49,000 most common
 * passwords shipped in {@value #LIST} (compared case-insensitively), and not the account's e-mail
 * address or its local part.
 */
@Startup
@ApplicationScoped
public class PasswordPolicy {

    static final String LIST = "security/common-passwords.txt";

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public Optional<String> violation(String password, String email) {
        int bytes = PasswordHasher.utf8Length(password);
        if (bytes < PasswordHasher.MIN_BYTES || bytes > PasswordHasher.MAX_BYTES) {
            return Optional.of("The password must be " + PasswordHasher.MIN_BYTES + " to " + PasswordHasher.MAX_BYTES
                    + " bytes long in UTF-8.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || common.contains(lower.strip())) {
            return Optional.of("The password is one of the most commonly used passwords; choose another one.");
        }
        if (email != null) {
            String mail = email.strip().toLowerCase(Locale.ROOT);
            int at = mail.indexOf('@');
            if (lower.strip().equals(mail) || (at > 0 && lower.strip().equals(mail.substring(0, at)))) {
                return Optional.of("The password must not be the email address.");
            }
        }
        return Optional.empty();
    }

    /** Throws a 400 problem with the reason when the password is refused. */
    public void check(String password, String email) {
        violation(password, email).ifPresent(reason -> {
            throw ProblemException.badRequest(reason);
        });
    }

    /** How many common passwords are loaded. */
    public int size() {
        return common.size();
    }

    private static Set<String> load() {
        Set<String> passwords = new HashSet<>(64_000);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("The common-password list " + LIST + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("# ")) {
                    passwords.add(line.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LIST, e);
        }
        return Set.copyOf(passwords);
    }
}
