package dev.ragsuite.vector.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same REST tests against the packaged application (`target/quarkus-app/quarkus-run.jar`). */
@QuarkusIntegrationTest
class VectorResourceIT extends VectorResourceTest {
}
