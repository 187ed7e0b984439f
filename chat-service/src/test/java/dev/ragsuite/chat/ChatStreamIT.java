package dev.ragsuite.chat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Streaming, citations and the answer cache against the packaged application (fast-jar, or native
 * with -Dnative): the SSE events and the cache entries are JSON written outside REST endpoints.
 */
@QuarkusIntegrationTest
class ChatStreamIT extends ChatStreamTest {
}
