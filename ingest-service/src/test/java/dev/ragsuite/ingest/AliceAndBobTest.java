package dev.ragsuite.ingest;

import dev.ragsuite.testing.TestJwt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** The set-up of the tests about owner scoping: two fresh users per test, alice and bob. */
public abstract class AliceAndBobTest {

    protected String alice;
    protected String aliceToken;
    protected String bobToken;

    @BeforeEach
    void newAliceAndBob() {
        alice = "alice-" + UUID.randomUUID();
        aliceToken = TestJwt.user(alice);
        bobToken = TestJwt.user("bob-" + UUID.randomUUID());
    }
}
