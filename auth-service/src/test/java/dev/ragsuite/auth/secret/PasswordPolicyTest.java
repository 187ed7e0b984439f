package dev.ragsuite.auth.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private static final PasswordPolicy POLICY = new PasswordPolicy();
    private static final String COMMON = "The password is one of the most commonly used passwords; choose another one.";

    @Test
    void shipsTheCommonPasswordList() {
        assertTrue(POLICY.size() > 40_000, "loaded " + POLICY.size());
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        assertEquals(Optional.of(COMMON), POLICY.violation("qazwsxedcrfv", "a@b.test"));
        assertEquals(Optional.of(COMMON), POLICY.violation("QAZWSXEDCRFV", "a@b.test"));
        assertEquals(Optional.of(COMMON), POLICY.violation("1Q2W3E4R5T6Y", "a@b.test"));
        assertEquals(Optional.of(COMMON), POLICY.violation("qwerty123456", "a@b.test"));
    }

    @Test
    void theEmailOrItsLocalPartIsRefused() {
        String expected = "The password must not be the email address.";
        assertEquals(Optional.of(expected), POLICY.violation("Someone.Long@Example.test", "someone.long@example.test"));
        assertEquals(Optional.of(expected), POLICY.violation("someone.long.name", "someone.long.name@example.test"));
    }

    @Test
    void lengthIsCountedInBytesWithinTheBcryptLimit() {
        assertTrue(POLICY.violation("elevenchars", null).isPresent());
        assertTrue(POLICY.violation("x".repeat(73), null).isPresent());
        assertTrue(POLICY.violation("€".repeat(25), null).isPresent(), "75 bytes");
        assertEquals(Optional.empty(), POLICY.violation("x".repeat(72), null));
        assertEquals(Optional.empty(), POLICY.violation("a rare enough passphrase", "a@b.test"));
    }
}
