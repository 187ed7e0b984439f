package dev.ragsuite.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.secret.PasswordHasher;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Plain unit test: no Quarkus, cost 4. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(configWithCost(4));

    @Test
    void hashesAreSaltedBcryptAndVerify() {
        String first = hasher.hashBlocking("a long enough password");
        String second = hasher.hashBlocking("a long enough password");

        assertTrue(first.startsWith("$2b$04$"), first);
        assertNotEquals(first, second);
        assertTrue(hasher.verifyBlocking("a long enough password", first));
        assertFalse(hasher.verifyBlocking("a long enough passwore", first));
    }

    @Test
    void unknownUserNeverMatches() {
        assertFalse(hasher.verifyBlocking("whatever you type here", null));
    }

    @Test
    void passwordsOverSeventyTwoBytesAreRefused() {
        String stored = hasher.hashBlocking("x".repeat(72));
        assertTrue(hasher.verifyBlocking("x".repeat(72), stored));
        assertFalse(hasher.verifyBlocking("x".repeat(73), stored));
        assertThrows(IllegalArgumentException.class, () -> hasher.hashBlocking("é".repeat(37)));
    }

    @Test
    void garbageHashDoesNotThrow() {
        assertFalse(hasher.verifyBlocking("a long enough password", "not-a-bcrypt-hash"));
    }

    private static AuthConfig configWithCost(int cost) {
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] { AuthConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "bcryptCost" -> cost;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
