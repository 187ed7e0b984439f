package dev.ragsuite.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The gateway behind a TLS-terminating proxy (127.0.0.1 is trusted here) with HTTPS enforced and a host
 * list ({@link HttpsEnforcementTest}), and three refused credentials per address, refilled one a day so the
 * count is not blurred ({@link AuthFailureThrottleTest}). One profile, so one Quarkus start, for both classes:
 * neither setting changes what the other class sends or checks (the throttle's requests say they came over
 * HTTPS from an allowed host; the enforcement's requests carry no credential).
 */
public class StrictEdgeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rag.gateway.https.enforce", "true",
                "rag.gateway.allowed-hosts", "localhost,rag.example.com,*.rag.example.org",
                "rag.gateway.rate-limit.classes.auth-failures.limit", "1000",
                "rag.gateway.rate-limit.classes.auth-failures.period", "P1000D",
                "rag.gateway.rate-limit.classes.auth-failures.burst", "3");
    }
}
