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
     * @param summary where the JUnit report of the node tests goes (a {@code target/failsafe-reports/TEST-*.xml})
     * @return node's exit code (0 = every test passed)
     */
    static int run(Suite suite, Path dir, Map<String, String> env, String reportPrefix, String name, Path summary)
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
        writeSummaryReport(junit, summary, name);
        return exit;
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
     * counts in the shape every other report of the run has.
     */
    private static void writeSummaryReport(Path nodeReport, Path summary, String name) throws IOException {
        if (!Files.exists(nodeReport)) {
            return;
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
        int failures = 0;
        int skipped = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            boolean failed = testcase.getElementsByTagName("failure").getLength() > 0;
            boolean skip = testcase.getElementsByTagName("skipped").getLength() > 0;
            failures += failed ? 1 : 0;
            skipped += skip ? 1 : 0;
            body.append("  <testcase classname=\"").append(name).append("\" name=\"").append(escape(testcase.getAttribute("name")))
                    .append("\" time=\"").append(testcase.getAttribute("time")).append("\">")
                    .append(failed ? "<failure message=\"failed\"/>" : "")
                    .append(skip ? "<skipped/>" : "")
                    .append("</testcase>\n");
        }
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"" + name + "\" tests=\"" + cases.getLength() + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"" + skipped + "\">\n" + body + "</testsuite>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
