package dev.ragsuite.chat;

import dev.ragsuite.chat.support.RealModelTestBase;
import dev.ragsuite.chat.support.RealOllamaProfile;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.RequiresEnv;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The model path against a real Ollama; runs only when OLLAMA_BASE_URL is set, and says so when skipped. */
@RequiresEnv(value = "OLLAMA_BASE_URL", needs = "Ollama server with the chat model pulled (e.g. http://127.0.0.1:11434)")
@QuarkusTest
@TestProfile(RealOllamaProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RealOllamaTest extends RealModelTestBase {

    @Override
    protected String modelPrefix() {
        return "ollama:";
    }
}
