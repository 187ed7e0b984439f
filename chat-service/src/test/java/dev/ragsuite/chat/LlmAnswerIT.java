package dev.ragsuite.chat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Model answers through the Ollama stand-in against the packaged application (fast-jar, or native
 * with -Dnative): the LangChain4j Ollama client and the JSON it (de)serialises, in the real build.
 */
@QuarkusIntegrationTest
class LlmAnswerIT extends LlmAnswerTest {
}
