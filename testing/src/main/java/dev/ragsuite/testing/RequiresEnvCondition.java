package dev.ragsuite.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The condition behind {@link RequiresEnv}. */
public class RequiresEnvCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        RequiresEnv requires = context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresEnv.class))
                .orElse(null);
        if (requires == null) {
            return ConditionEvaluationResult.enabled("no @RequiresEnv");
        }
        String value = System.getenv(requires.value());
        if (value != null && !value.isBlank()) {
            return ConditionEvaluationResult.enabled(requires.value() + " is set: testing against " + value);
        }
        String reason = requires.value() + " is not set, so there is no " + requires.needs() + " to test against";
        if (context.getTestMethod().isEmpty()) { // once, for the class
            System.out.println("SKIPPED: " + context.getDisplayName() + " — " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
