package dev.ragsuite.gateway;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * What the gateway's tests need from the shared test setup: the test JWKS and the internal-call
 * token. (RagTestEnvironment also creates the test database, which the gateway does not use and
 * which fails on a second Quarkus start here because the gateway has no PostgreSQL driver.)
 */
public class GatewayTestEnvironment implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", TestKeys.jwksFile().toUri().toString(),
                "rag.internal.token", RagTestEnvironment.INTERNAL_TOKEN);
    }

    @Override
    public void stop() {
        // keys are reused by the next test class; nothing to release
    }
}
