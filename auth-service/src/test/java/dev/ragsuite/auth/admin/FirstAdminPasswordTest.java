package dev.ragsuite.auth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.secret.RandomSecrets;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A generated first-admin password reaches the operator through a file only its owner can read
 * (the launcher prints it on the terminal and deletes it), never through the log.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class FirstAdminPasswordTest {

    @Inject
    FirstAdminBootstrap bootstrap;

    @Inject
    AuthConfig config;

    @Test
    void aGeneratedPasswordGoesToAnOwnerOnlyFileAndNeverIntoTheLog() throws Exception {
        String password = RandomSecrets.password(FirstAdminBootstrap.GENERATED_PASSWORD_LENGTH);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(FirstAdminBootstrap.class.getName());
        logger.addHandler(capture);
        try {
            bootstrap.announceCreated("first-admin@example.test", password, true);
        } finally {
            logger.removeHandler(capture);
        }

        assertTrue(logged.stream().anyMatch(l -> l.contains("FIRST-ADMIN") && l.contains("first-admin@example.test")),
                "the log says that the first admin was created: " + logged);
        assertFalse(logged.stream().anyMatch(l -> l.contains(password)), "the password is not logged: " + logged);
        Path file = config.admin().passwordFile();
        assertEquals(password, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.delete(file);
    }
}
