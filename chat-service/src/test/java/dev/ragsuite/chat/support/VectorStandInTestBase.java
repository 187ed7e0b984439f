package dev.ragsuite.chat.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.testing.TestJwt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests against the WireMock stand-in of vector-service share: the stand-in (injected by
 * {@link VectorServiceWireMockStandIn}), reset to its defaults before each test, and a fresh user with
 * their token.
 */
public abstract class VectorStandInTestBase {

    @VectorServiceStandIn
    protected WireMockServer vector;

    /** This test's user (the token's subject). */
    protected String owner;

    protected String token;

    private final String userPrefix;

    protected VectorStandInTestBase(String userPrefix) {
        this.userPrefix = userPrefix;
    }

    @BeforeEach
    void resetVectorStandIn() {
        vector.resetAll();
        VectorServiceWireMockStandIn.stubDefaults(vector);
        owner = userPrefix + UUID.randomUUID();
        token = TestJwt.user(owner);
    }
}
