package dev.ragsuite.chat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The OpenAI-compatible API against the packaged application (fast-jar, or native with -Dnative): its
 * completions and stream chunks are JSON written outside REST entities, its errors rewritten by a filter.
 */
@QuarkusIntegrationTest
class OpenAiApiIT extends OpenAiApiTest {
}
