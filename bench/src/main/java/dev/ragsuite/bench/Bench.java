package dev.ragsuite.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./rag bench ingest|embed <corpus-dir>}: measures the suite's ingestion throughput over
 * a corpus ({@link IngestBench}) or the same embedding model in a bare in-process loop over the
 * same texts ({@link EmbedBench}), prints one table and appends it to a results file.
 * ({@code ./rag bench all} is {@link BenchAll}: every figure beside its anchor, on a suite of its own.)
 *
 * <p>Options: {@code --gateway URL} (register/login), {@code --ingest URL} (uploads and polling,
 * straight at ingest-service so the gateway's per-user upload budget does not shape the figure),
 * {@code --out FILE}, {@code --timeout SECONDS} (default 1800).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        String what = args[0];
        Path corpus = Path.of(args[1]);
        Map<String, String> options = options(args);
        List<Path> files = corpusFiles(corpus);
        List<String> table = new ArrayList<>();
        table.add("# rag bench " + what + " " + corpus + " at " + Instant.now() + " ("
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version() + ", load " + loadAverage() + ")");
        switch (what) {
            case "ingest" -> table.addAll(ingest(files, options));
            case "embed" -> table.addAll(new EmbedBench().run(files).table());
            default -> usage();
        }
        table.add("# load average at the end: " + loadAverage());
        table.forEach(System.out::println);
        appendReport(table, options.get("out"), System.out);
    }

    /**
     * Appends a run's table (and a blank line) to the report file {@code out}, if given, and says so on
     * {@code say}: the one way every {@code ./rag bench} command keeps its results.
     */
    static void appendReport(List<String> table, String out, java.io.PrintStream say) throws IOException {
        if (out == null) {
            return;
        }
        Path file = Path.of(out);
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> lines = new ArrayList<>(table);
        lines.add("");
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        say.println("(appended to " + file + ")");
    }

    private static List<String> ingest(List<Path> files, Map<String, String> options) throws Exception {
        String gateway = options.getOrDefault("gateway", "http://127.0.0.1:8080");
        String ingest = options.getOrDefault("ingest", "http://127.0.0.1:8082");
        long timeout = Long.parseLong(options.getOrDefault("timeout", "1800"));
        return new IngestBench(gateway, ingest, timeout, true).run(files).table();
    }

    /** Every regular, non-hidden file of the corpus folder (not recursive), smallest name first. */
    static List<Path> corpusFiles(Path corpus) throws IOException {
        if (!Files.isDirectory(corpus)) {
            throw new IllegalArgumentException(corpus + " is not a folder");
        }
        try (var stream = Files.list(corpus)) {
            List<Path> files = stream.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException(corpus + " holds no files");
            }
            return files;
        }
    }

    /** The 1/5/15-minute load averages (Linux), so figures taken on a busy machine say so. */
    static String loadAverage() {
        Path proc = Path.of("/proc/loadavg");
        try {
            String[] parts = Files.readString(proc).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static void usage() {
        System.err.println("usage: Bench ingest|embed <corpus-dir> [--gateway URL] [--ingest URL] [--out FILE] [--timeout S]");
        System.exit(2);
    }
}
