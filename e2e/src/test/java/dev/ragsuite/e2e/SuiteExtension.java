package dev.ragsuite.e2e;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the suite once for every end-to-end class of a run (five JVMs take half a minute to come
 * up on two cores) and stops it when the run ends, writing the collected figures to
 * {@code e2e/target/e2e-report.txt}.
 */
public final class SuiteExtension implements BeforeAllCallback {

    private static volatile Suite running;

    /** The started suite; only valid inside a class extended with this extension. */
    static Suite suite() {
        if (running == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SuiteExtension.class)");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Started started = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Started.class, key -> Started.start(), Started.class);
        running = started.suite;
        RestAssured.baseURI = started.suite.gatewayUrl();
    }

    /** Closed by JUnit when the whole run ends. */
    static final class Started implements AutoCloseable {
        final Suite suite;

        private Started(Suite suite) {
            this.suite = suite;
        }

        static Started start() {
            Suite suite = new Suite();
            suite.reset();
            suite.up();
            suite.firstStartOutput.addAll(suite.launcherOutput);
            suite.launcherOutput.stream().filter(l -> l.contains("ready on")).forEach(suite.report::add);
            return new Started(suite);
        }

        @Override
        public void close() {
            suite.down();
            suite.traces.close();
            suite.report.forEach(line -> System.out.println("E2E " + line));
            try {
                Files.write(suite.root.resolve("e2e/target/e2e-report.txt"), suite.report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
