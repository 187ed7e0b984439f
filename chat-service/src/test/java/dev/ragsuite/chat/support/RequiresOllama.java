package dev.ragsuite.chat.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class unless {@code OLLAMA_BASE_URL} names an Ollama to test against, and says so on
 * standard output and in the JUnit report (skipped, with this reason). A condition rather than an
 * assumption in {@code @BeforeAll}: it is evaluated before Quarkus boots for the class, so a skipped
 * run costs nothing, and QuarkusTestExtension's own callbacks never see a half-started class.
 */
public class RequiresOllama implements ExecutionCondition {

    public static final String ENV = "OLLAMA_BASE_URL";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            return ConditionEvaluationResult.enabled(ENV + " is set: testing against the Ollama at " + url);
        }
        if (context.getTestMethod().isEmpty()) { // say it once, for the class
            System.out.println(context.getDisplayName() + " SKIPPED: " + ENV + " is not set, so there is no real"
                    + " Ollama to test against (set it, e.g. http://127.0.0.1:11434, with the model pulled).");
        }
        return ConditionEvaluationResult.disabled(ENV + " is not set: no real Ollama to test against");
    }
}
