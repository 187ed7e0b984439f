package dev.ragsuite.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Runs a folder's node:test files ({@code *.test.mjs}) against the running suite, the way the web
 * app's browser tests and the OpenAI client tests are run: their packages installed first when
 * missing ({@code npm ci}), the output streamed into the run's log (lines starting with
 * {@code reportPrefix} also into e2e-report.txt), and their test cases written as one JUnit report
 * so ./rag test's summary counts each of them.
 */
final class NodeTests {

    private NodeTests() {
    }

    /**
     * What a run of node tests came to: node's exit code and, for each test that failed, its name and
     * the first lines of its failure, so the assertion that checks the run says which test failed and
     * why (a CI log shows that line, where the streamed output above it may be cut).
     */
    record Outcome(int exit, List<String> failures) {

        /** The message of a failed run: the failures one per line, or node's exit code when it names none. */
        String describe(String what) {
            return failures.isEmpty()
                    ? what + ": node exited with " + exit + " and its report names no failed test"
                    : what + ": " + failures.size() + " failed:\n  " + String.join("\n  ", failures);
        }

        boolean passed() {
            return exit == 0 && failures.isEmpty();
        }
    }

    /**
     * @param summary where the JUnit report of the node tests goes (a {@code target/failsafe-reports/TEST-*.xml})
     * @return node's exit code (0 = every test passed) and the tests that failed
     */
    static Outcome run(Suite suite, Path dir, Map<String, String> env, String reportPrefix, String name, Path summary)
            throws IOException, InterruptedException {
        // the packages: the folder's own (e2e/clients), or its parent's (webapp/e2e belongs to webapp)
        Path packageDir = Files.exists(dir.resolve("package.json")) ? dir : dir.getParent();
        if (!Files.isDirectory(packageDir.resolve("node_modules"))) {
            int installed = exec(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(packageDir.toFile()),
                    "[" + name + "] ", line -> { }, 10);
            if (installed != 0) {
                throw new AssertionError("npm ci failed in " + packageDir + " (the npm registry must be reachable on a first run)");
            }
        }
        List<String> tests;
        try (Stream<Path> files = Files.list(dir)) {
            tests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.mjs")).sorted().toList();
        }
        if (tests.isEmpty()) {
            throw new AssertionError(dir + " holds no *.test.mjs");
        }
        Path junit = dir.resolve("target/node-junit-" + name + ".xml");
        Files.createDirectories(junit.getParent());
        Files.deleteIfExists(junit);
        List<String> argv = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1",
                "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=junit", "--test-reporter-destination=" + junit));
        argv.addAll(tests);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("RAG_WEB_URL", suite.gatewayUrl());
        builder.environment().putAll(env);
        int exit = exec(builder, "[" + name + "] ", line -> {
            if (line.startsWith(reportPrefix)) {
                suite.report.add(line.substring(reportPrefix.length()));
            }
        }, 20);
        return new Outcome(exit, writeSummaryReport(junit, summary, name));
    }

    private static int exec(ProcessBuilder builder, String prefix, java.util.function.Consumer<String> onLine, int minutes)
            throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            reader.lines().forEach(line -> {
                System.out.println(prefix + line);
                onLine.accept(line);
            });
        }
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", builder.command()) + " did not finish within " + minutes + " minutes");
        }
        return process.exitValue();
    }

    /**
     * node:test's JUnit report lists test cases without a {@code <testsuite>} total; this writes the
     * counts in the shape every other report of the run has, each failure with its message.
     *
     * @return each failed test case as "name: message" (the message's first lines)
     */
    private static List<String> writeSummaryReport(Path nodeReport, Path summary, String name) throws IOException {
        if (!Files.exists(nodeReport)) {
            return List.of();
        }
        Document doc;
        try {
            // node:test writes a failure's message as it is, terminal colour codes (ESC, not allowed in XML 1.0) included
            String xml = Files.readString(nodeReport, java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "");
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        } catch (Exception e) {
            throw new AssertionError("node's JUnit report cannot be read: " + nodeReport, e);
        }
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> failed = new ArrayList<>();
        int skipped = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            NodeList failure = testcase.getElementsByTagName("failure");
            boolean skip = testcase.getElementsByTagName("skipped").getLength() > 0;
            String message = failure.getLength() > 0 ? failureMessage((Element) failure.item(0)) : null;
            if (message != null) {
                failed.add(testcase.getAttribute("name") + ": " + message);
            }
            skipped += skip ? 1 : 0;
            body.append("  <testcase classname=\"").append(name).append("\" name=\"").append(escape(testcase.getAttribute("name")))
                    .append("\" time=\"").append(testcase.getAttribute("time")).append("\">")
                    .append(message != null ? "<failure message=\"" + escape(message) + "\"/>" : "")
                    .append(skip ? "<skipped/>" : "")
                    .append("</testcase>\n");
        }
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"" + name + "\" tests=\"" + cases.getLength() + "\" failures=\"" + failed.size()
                + "\" errors=\"0\" skipped=\"" + skipped + "\">\n" + body + "</testsuite>\n");
        return failed;
    }

    /** A failure's message attribute, else its text: blank lines dropped, at most 6 lines of 300 characters. */
    private static String failureMessage(Element failure) {
        String text = failure.getAttribute("message").isBlank() ? failure.getTextContent() : failure.getAttribute("message");
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(6)
                .map(l -> l.length() > 300 ? l.substring(0, 300) + "…" : l).toList();
        return lines.isEmpty() ? "failed (no message)" : String.join(" | ", lines);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\n", "&#10;");
    }
}
