package dev.ragsuite.ingest.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The document API against the packaged application (fast-jar, or native with -Dnative): Tika sniffing included. */
@QuarkusIntegrationTest
class DocumentApiIT extends DocumentApiTest {
}
