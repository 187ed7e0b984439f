package dev.ragsuite.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web app in a real browser: runs the browser tests of {@code webapp/e2e/*.test.mjs} (node:test,
 * playwright-core driving Debian's Chromium, axe-core on every screen) against the running suite's
 * gateway, with the first admin's login for the admin screens. Each browser test is counted in the
 * run's summary ({@code webapp/target/failsafe-reports/TEST-webapp-browser.xml}); their screenshots
 * are in {@code webapp/target/screenshots}, their figures in {@code webapp/target/browser-report.txt}
 * and in e2e-report.txt. Late in the run (before the fuzzer), after the classes whose logins the
 * browser tests' deliberate wrong passwords must not disturb.
 */
@ExtendWith(SuiteExtension.class)
@Order(9)
class BrowserIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("RAG_CHROMIUM", "/usr/bin/chromium"));
    private static final Pattern ADMIN = Pattern.compile("email=(\\S+) password=(\\S+)");

    @Test
    void theWebAppPassesItsBrowserTestsInChromium() throws IOException, InterruptedException {
        Suite suite = SuiteExtension.suite();
        Path webapp = suite.root.resolve("webapp");
        if (!Files.isExecutable(CHROMIUM)) {
            System.out.println("SKIPPED: the web app's browser tests: no Chromium at " + CHROMIUM
                    + " (Debian: apt-get install chromium; ./rag test installs it as root)");
            Assumptions.abort("no Chromium at " + CHROMIUM);
        }
        Files.deleteIfExists(webapp.resolve("target/browser-report.txt"));
        Files.deleteIfExists(webapp.resolve("target/axe-report.jsonl"));
        Map<String, String> env = new HashMap<>();
        env.put("RAG_CHROMIUM", CHROMIUM.toString());
        // connections.test.mjs: a ClickUp token the suite's ClickUp stand-in knows, with one task in its board
        String clickUpToken = suite.clickUp.newToken();
        suite.clickUp.hierarchy(clickUpToken);
        suite.clickUp.board(clickUpToken).put(dev.ragsuite.testing.ClickUpStandIn.LIST, dev.ragsuite.testing.ClickUpStandIn.task(
                "86web1", "Kestrel release checklist", "The Kestrel release ships on 14 March.", System.currentTimeMillis() - 3_600_000));
        env.put("RAG_CLICKUP_TOKEN", clickUpToken);
        env.put("RAG_CLICKUP_WORKSPACE", dev.ragsuite.testing.ClickUpStandIn.WORKSPACE);
        suite.firstStartOutput.stream().map(ADMIN::matcher).filter(Matcher::find).findFirst().ifPresent(m -> {
            env.put("RAG_ADMIN_EMAIL", m.group(1));
            env.put("RAG_ADMIN_PASSWORD", m.group(2));
        });
        NodeTests.Outcome outcome = NodeTests.run(suite, webapp.resolve("e2e"), env, "BROWSER ", "webapp.browser",
                webapp.resolve("target/failsafe-reports/TEST-webapp-browser.xml"));
        assertTrue(outcome.passed(), () -> outcome.describe("every browser test passes (their output is above, prefixed [webapp.browser])"));
    }
}
