package dev.ragsuite.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The security settings every service's @QuarkusTest needs: verify tokens against a JWKS file
 * holding the throwaway test key under its thumbprint {@code kid} (so tokens from {@link TestJwt}
 * pass and {@link AttackTokens} with an unknown {@code kid} fail), and a known internal-call
 * token. Services without a database (gateway, vector-service) use this directly; the others use
 * {@link RagTestEnvironment}, which also prepares the test database.
 */
public class TestSecurityEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", TestKeys.jwksFile().toUri().toString(),
                "rag.internal.token", INTERNAL_TOKEN);
    }

    @Override
    public void stop() {
        // the keys are reused by the next test class and run; nothing to release
    }
}
