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
 * The model path against Google's real Gemini API (model {@code RAG_GEMINI_MODEL}, default gemini-2.0-flash);
 * runs only when GOOGLE_API_KEY is set, and says so when skipped.
 */
@RequiresEnv(value = "GOOGLE_API_KEY", needs = "a Gemini API key (https://ai.google.dev/gemini-api/docs/api-key)")
@QuarkusTest
@TestProfile(RealProviderProfiles.Gemini.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RealGeminiTest extends RealModelTestBase {

    @Override
    protected String modelPrefix() {
        return "gemini:";
    }
}
