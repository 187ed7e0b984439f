package dev.ragsuite.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAI-compatible API as existing clients use it: {@code e2e/clients/*.test.mjs} drive the
 * official {@code openai} npm package against the running suite with a rag-suite API key — the
 * models list, a completion that answers "In what year did Tesla die?" with 1943 and a citation, the
 * same streamed, a follow-up with history, an unknown model, a wrong and a revoked key. Each test is
 * counted in the run's summary ({@code e2e/target/failsafe-reports/TEST-openai-client.xml}).
 */
@ExtendWith(SuiteExtension.class)
@Order(9)
class OpenAiClientIT {

    @Test
    void theOfficialOpenAiClientWorksAgainstTheSuite() throws IOException, InterruptedException {
        Suite suite = SuiteExtension.suite();
        Path clients = suite.root.resolve("e2e/clients");
        NodeTests.Outcome outcome = NodeTests.run(suite, clients, Map.of(), "CLIENT ", "openai.client",
                suite.root.resolve("e2e/target/failsafe-reports/TEST-openai-client.xml"));
        assertTrue(outcome.passed(), () -> outcome.describe("every OpenAI client test passes (their output is above, prefixed [openai.client])"));
    }
}
