package dev.ragsuite.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The attack suite against the packaged application (the fast-jar; with -Dnative, the native executable). */
@QuarkusIntegrationTest
class AttackIT extends AttackTest {
}
