package dev.ragsuite.ingest;

import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.InjectMock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up of the tests that upload as one user against a (mocked) vector-service that accepts
 * everything: a fresh owner and token per test. A subclass's own {@code @BeforeEach} runs after this one.
 */
public abstract class OwnerTest {

    private final String ownerPrefix;

    @InjectMock
    protected VectorClient vectors;

    protected String owner;
    protected String token;

    /** @param ownerPrefix starts the owner's name, so a test's rows are easy to tell apart */
    protected OwnerTest(String ownerPrefix) {
        this.ownerPrefix = ownerPrefix;
    }

    @BeforeEach
    void newOwnerAndAcceptingVectorService() {
        owner = ownerPrefix + UUID.randomUUID();
        token = TestJwt.user(owner);
        IngestTestSupport.acceptEverything(vectors);
    }
}
