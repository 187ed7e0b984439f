package dev.ragsuite.auth.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/** The hash an unknown e-mail's login is checked against (plain unit test, no Quarkus). */
class DummyHashTest {

    @Test
    void itCarriesTheConfiguredCostSoCheckingItCostsWhatARealHashCosts() {
        for (int cost : new int[] { 4, 10, 12 }) {
            String dummy = PasswordHasher.dummyHash(cost);
            assertTrue(dummy.matches("\\$2b\\$" + String.format("%02d", cost) + "\\$[./A-Za-z0-9]{53}"), dummy);
            // Bouncy Castle reads it as a well-formed hash of that cost: it compares, it does not refuse
            assertFalse(OpenBSDBCrypt.checkPassword(dummy, "any password at all".toCharArray()));
        }
    }

    @Test
    void noPasswordMatchesItAndEachStartMakesAnotherOne() {
        String dummy = PasswordHasher.dummyHash(5);
        // its digest is a cost-4 hash of a random password; any password checked against it is hashed at cost 5
        assertFalse(OpenBSDBCrypt.checkPassword(dummy, "".toCharArray()));
        assertEquals(60, dummy.length());
        assertNotEquals(dummy, PasswordHasher.dummyHash(5));
    }
}
