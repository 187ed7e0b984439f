package dev.ragsuite.chat;

import dev.ragsuite.chat.support.RealModelTestBase;
import dev.ragsuite.chat.support.RealProviderProfiles;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.RequiresEnv;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The model path against a real OpenAI-compatible server: OPENAI_BASE_URL (up to /v1), OPENAI_MODEL and, when the
 * server wants one, OPENAI_API_KEY; runs only when OPENAI_BASE_URL is set, and says so when skipped.
 */
@RequiresEnv(value = "OPENAI_BASE_URL", needs = "an OpenAI-compatible server, e.g. https://api.openai.com/v1 with OPENAI_API_KEY "
        + "and OPENAI_MODEL=gpt-4o-mini, or http://127.0.0.1:8000/v1 (vLLM) with OPENAI_MODEL")
@QuarkusTest
@TestProfile(RealProviderProfiles.OpenAi.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RealOpenAiTest extends RealModelTestBase {

    @Override
    protected String modelPrefix() {
        return "openai:";
    }
}
