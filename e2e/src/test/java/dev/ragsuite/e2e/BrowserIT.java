package dev.ragsuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The web app in a real browser: runs the browser tests of {@code webapp/e2e/*.test.mjs} (node:test,
 * playwright-core driving Debian's Chromium, axe-core on every screen) against the running suite's
 * gateway, with the first admin's login for the admin screens. Each browser test is counted in the
 * run's summary ({@code webapp/target/failsafe-reports/TEST-webapp-browser.xml}); their screenshots
 * are in {@code webapp/target/screenshots}, their figures in {@code webapp/target/browser-report.txt}
 * and in e2e-report.txt. Before the fuzzer ({@link ClassOrderer.OrderAnnotation}), after the
 * classes whose logins the browser tests' deliberate wrong passwords must not disturb.
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
        List<String> tests;
        try (Stream<Path> files = Files.list(webapp.resolve("e2e"))) {
            tests = files.map(p -> "e2e/" + p.getFileName()).filter(n -> n.endsWith(".test.mjs")).sorted().toList();
        }
        assertFalse(tests.isEmpty(), "webapp/e2e holds the browser tests");
        Path junit = webapp.resolve("target/browser-junit.xml");
        Files.createDirectories(junit.getParent());
        Files.deleteIfExists(junit);
        Files.deleteIfExists(webapp.resolve("target/browser-report.txt"));
        Files.deleteIfExists(webapp.resolve("target/axe-report.jsonl"));

        List<String> argv = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1",
                "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=junit", "--test-reporter-destination=" + junit));
        argv.addAll(tests);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(webapp.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("RAG_WEB_URL", suite.gatewayUrl());
        env.put("RAG_CHROMIUM", CHROMIUM.toString());
        suite.firstStartOutput.stream().map(ADMIN::matcher).filter(Matcher::find).findFirst().ifPresent(m -> {
            env.put("RAG_ADMIN_EMAIL", m.group(1));
            env.put("RAG_ADMIN_PASSWORD", m.group(2));
        });
        Process process = builder.start();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            reader.lines().forEach(line -> {
                System.out.println("[browser] " + line);
                if (line.startsWith("BROWSER ")) {
                    suite.report.add(line.substring("BROWSER ".length()));
                }
            });
        }
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the browser tests did not finish within 20 minutes");
        }
        writeSummaryReport(junit, webapp.resolve("target/failsafe-reports/TEST-webapp-browser.xml"));
        assertEquals(0, process.exitValue(), "every browser test passes (their output is above, prefixed [browser])");
    }

    /**
     * node:test's JUnit report lists test cases without a {@code <testsuite>} total; this writes the
     * counts in the shape every other report of the run has, so ./rag test's summary line counts them.
     */
    private static void writeSummaryReport(Path nodeReport, Path summary) throws IOException {
        if (!Files.exists(nodeReport)) {
            return;
        }
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(nodeReport.toFile());
        } catch (Exception e) {
            throw new AssertionError("node's JUnit report cannot be read: " + nodeReport, e);
        }
        NodeList cases = doc.getElementsByTagName("testcase");
        int failures = 0;
        int skipped = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            boolean failed = testcase.getElementsByTagName("failure").getLength() > 0;
            boolean skip = testcase.getElementsByTagName("skipped").getLength() > 0;
            failures += failed ? 1 : 0;
            skipped += skip ? 1 : 0;
            body.append("  <testcase classname=\"webapp.browser\" name=\"").append(escape(testcase.getAttribute("name")))
                    .append("\" time=\"").append(testcase.getAttribute("time")).append("\">")
                    .append(failed ? "<failure message=\"failed in Chromium\"/>" : "")
                    .append(skip ? "<skipped/>" : "")
                    .append("</testcase>\n");
        }
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"webapp.browser\" tests=\"" + cases.getLength() + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"" + skipped + "\">\n" + body + "</testsuite>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
