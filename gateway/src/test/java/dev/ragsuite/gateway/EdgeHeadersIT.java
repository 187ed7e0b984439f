package dev.ragsuite.gateway;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Security headers, CORS and the host allow-list of the packaged application (fast-jar, or native with -Dnative). */
@QuarkusIntegrationTest
class EdgeHeadersIT extends EdgeHeadersTest {
}
