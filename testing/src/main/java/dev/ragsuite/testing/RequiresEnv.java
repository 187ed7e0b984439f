package dev.ragsuite.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only when an environment variable names the real third-party service to test
 * against (Qdrant, Ollama); otherwise the class is reported as skipped, with the reason, and one
 * {@code SKIPPED:} line on standard output. A condition rather than an assumption in
 * {@code @BeforeAll}: it is evaluated before anything (a Quarkus app included) starts for the class,
 * and the skipped tests are counted as skipped in the reports.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresEnvCondition.class)
public @interface RequiresEnv {

    /** The variable, e.g. {@code QDRANT_URL}. */
    String value();

    /** What the tests need it for, e.g. "a Qdrant server (gRPC), e.g. http://127.0.0.1:6334". */
    String needs();
}
