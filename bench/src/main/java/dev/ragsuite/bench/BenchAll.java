package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragsuite.vector.store.lucene.LuceneCompaction;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring steps of {@code ./rag bench all CORPUS [--json] [--quick]} (scripts/rag/tools.sh runs the
 * suite, nginx and wrk; this class measures and reports). Every step writes its figures into
 * {@code DIR/results.properties}; {@code report} turns them into the table (each figure beside its
 * anchor and the ratio) and the JSON object. A part that was not measured says why, never a number.
 *
 * <pre>
 *   p2 CORPUS --dir DIR [--gateway URL --ingest URL [--vector URL --internal-token-file FILE]] [--quick]
 *      [--timeout S] [--suite-reason TEXT] [--warmup-every N]   (with --vector the bare loop embeds the chunks
 *      the suite indexed; before the measured run one file in N, 1 by default (the corpus), 0 for none, is
 *      ingested as another user and deleted: {@link IngestBench#warmUp})
 *   p3 CORPUS --dir DIR [--vector URL --internal-token-file FILE] [--quick] [--chunks N] [--queries N]
 *      (search at scale, {@link SearchAtScale}: with --vector the seeds are the suite's indexed chunks)
 *   p4 CORPUS --dir DIR [--quick | --gateway URL --auth URL --ingest URL --vector URL --internal-token-file FILE
 *      --admin-email EMAIL --admin-password-file FILE [--users N] [--warmup S] [--seconds S]] [--questions FILE.jsonl]
 *                                                             (P4, ChatVsFloor: chat through the gateway, then the floor)
 *   p4-cache CORPUS --dir DIR --gateway URL --auth URL --chat URL [--requests N] [--questions FILE.jsonl]
 *                                                             (P4: a cache hit through the gateway, the answer cache on)
 *   load URL PREFIX --dir DIR --connections N --seconds S      (the Java load generator, when wrk is missing)
 *   wrk FILE PREFIX --dir DIR                                  (reads the output of wrk --latency)
 *   warmup --gateway URL                                       (a user's first steps through every service)
 *   report --dir DIR [--json] [--out FILE]
 * </pre>
 */
public final class BenchAll {

    static final List<String> SERVICES = List.of("auth-service", "vector-service", "ingest-service", "chat-service", "gateway");

    private BenchAll() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "p2" -> p2(args);
            case "p3" -> p3(args);
            case "p4" -> ChatVsFloor.p4(args);
            case "p4-cache" -> ChatVsFloor.cacheHit(args);
            case "load" -> load(args);
            case "wrk" -> wrk(args);
            case "warmup" -> warmup(args);
            case "report" -> report(args);
            default -> usage();
        }
    }

    // ------------------------------------------------------------------ P2 ingestion vs the bare model

    /** The corpus files a part works on: every file of the corpus folder, or the first alone in a quick pass. */
    private static List<Path> partFiles(String[] args, boolean quick) throws IOException {
        List<Path> files = Bench.corpusFiles(Path.of(args[1]));
        return quick ? files.subList(0, 1) : files;
    }

    private static void p2(String[] args) throws Exception {
        Map<String, String> o = options(args, 2);
        Path dir = Path.of(required(o, "dir"));
        boolean quick = o.containsKey("quick");
        List<Path> files = partFiles(args, quick);
        Map<String, String> r = new HashMap<>();
        List<String> details = new ArrayList<>();
        r.put("p2.files", String.valueOf(files.size()));
        if (o.containsKey("gateway")) {
            IngestBench ingest = new IngestBench(o.get("gateway"), required(o, "ingest"),
                    Long.parseLong(o.getOrDefault("timeout", "1800")), false);
            int every = Integer.parseInt(o.getOrDefault("warmup-every", "1"));
            if (every > 0) {
                System.err.println("[bench] P2: warm-up: " + (every == 1 ? "the corpus" : "one file in " + every)
                        + " as another user, then deleted");
                details.addAll(ingest.warmUp(files, every));
            }
            System.err.println("[bench] P2: uploading " + files.size() + " files at once, waiting until all are indexed");
            IngestBench.Result suite = ingest.run(files);
            details.addAll(suite.table());
            r.put("p2.suite.indexed", String.valueOf(suite.indexed()));
            r.put("p2.suite.failed", String.valueOf(suite.failed()));
            r.put("p2.suite.chunks", String.valueOf(suite.chunks()));
            r.put("p2.suite.seconds", fmt(suite.seconds()));
            if (suite.failed() > 0 || suite.indexed() == 0) {
                r.put("p2.suite.reason", suite.failed() + " of " + files.size() + " files failed to ingest");
            } else {
                r.put("p2.suiteChunksPerS", fmt(suite.chunksPerS()));
            }
        } else {
            r.put("p2.suite.reason", o.getOrDefault("suite-reason", "no suite"));
        }
        EmbedBench.Result bare = null;
        String source = "the files cut by the bench's splitter";
        if (o.containsKey("vector") && r.containsKey("p2.suiteChunksPerS")) {
            List<String> chunks = null;
            try {
                chunks = IndexChunks.read(o.get("vector"),
                        Files.readString(Path.of(required(o, "internal-token-file")), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                // e.g. the Qdrant backend (no snapshot of an embedded index): the table says what was embedded instead
                source += " (the suite's own chunks could not be read: " + e.getMessage() + ")";
                System.err.println("[bench] P2: " + source);
            }
            if (chunks != null) {
                System.err.println("[bench] P2: the bare in-process loop over the " + chunks.size() + " chunks the suite indexed");
                bare = new EmbedBench().embed(chunks, List.of(String.format(Locale.ROOT, "%-62s %s", "bare loop: chunks",
                        "the suite's own, read from a snapshot of its index")));
                source = "the suite's chunks";
            }
        }
        if (bare == null) {
            System.err.println("[bench] P2: the bare in-process loop over the same files, cut by the bench's splitter");
            bare = new EmbedBench().run(files);
        }
        r.put("p2.bare.source", source);
        details.addAll(bare.table());
        r.put("p2.bare.chunks", String.valueOf(bare.chunks()));
        r.put("p2.bare.seconds", fmt(bare.seconds()));
        r.put("p2.bareChunksPerS", fmt(bare.chunksPerS()));
        put(dir, r);
        Files.write(dir.resolve("p2.txt"), details, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ P3 search at scale

    private static void p3(String[] args) throws Exception {
        Map<String, String> o = options(args, 2);
        Path dir = Path.of(required(o, "dir"));
        boolean quick = o.containsKey("quick");
        List<Path> files = partFiles(args, quick);
        SearchAtScale p3 = new SearchAtScale(Integer.parseInt(o.getOrDefault("chunks", quick ? "5000" : "100000")),
                Integer.parseInt(o.getOrDefault("queries", quick ? "30" : "300")), quick ? 2 : 3, quick ? 2 : 20,
                // the full pass searches the index at rest as vector-service's defaults make it; the quick one waits 1 s
                quick ? new LuceneCompaction(Duration.ofSeconds(1), LuceneCompaction.DEFAULTS.maxSegmentMb())
                        : LuceneCompaction.DEFAULTS);
        Path work = Files.createTempDirectory("rag-bench-p3");
        try {
            Path snapshot = null;
            if (o.containsKey("vector")) {
                try {
                    snapshot = IndexChunks.unpack(o.get("vector"),
                            Files.readString(Path.of(required(o, "internal-token-file")), StandardCharsets.UTF_8).strip(),
                            work.resolve("snapshot"));
                } catch (IOException e) {
                    // e.g. the Qdrant backend (no snapshot of an embedded index): the corpus is embedded here instead
                    System.err.println("[bench] P3: no snapshot of the suite's index (" + e.getMessage() + "), the corpus is embedded here");
                }
            }
            System.err.println("[bench] P3: search at scale, " + (quick ? "quick" : "full") + " pass");
            // quick: the fixture file is a few sentences, so it is cut into short chunks to give several seeds
            p3.run(snapshot, files, quick ? 24 : 110, quick ? 4 : 20, work, System.getenv("QDRANT_URL"));
        } finally {
            IndexChunks.delete(work);
        }
        Map<String, String> r = new HashMap<>(p3.figures());
        r.put("p3.measured", "true");
        put(dir, r);
        Files.write(dir.resolve("p3.txt"), p3.details(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ P1 load, from wrk or our own generator

    private static void load(String[] args) throws Exception {
        if (args.length < 3) {
            usage();
        }
        Map<String, String> o = options(args, 3);
        int connections = Integer.parseInt(required(o, "connections"));
        double seconds = Double.parseDouble(required(o, "seconds"));
        LoadGen.Result result = LoadGen.run(args[1], connections, seconds);
        put(Path.of(required(o, "dir")), loadFigures(args[2], result));
    }

    private static void wrk(String[] args) throws Exception {
        if (args.length < 3) {
            usage();
        }
        Map<String, String> o = options(args, 3);
        LoadGen.Result result = parseWrk(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        put(Path.of(required(o, "dir")), loadFigures(args[2], result));
    }

    private static Map<String, String> loadFigures(String prefix, LoadGen.Result result) {
        Map<String, String> r = new HashMap<>();
        r.put(prefix + ".rps", fmt(result.rps()));
        r.put(prefix + ".p50Ms", fmt(result.p50Ms()));
        r.put(prefix + ".p99Ms", fmt(result.p99Ms()));
        r.put(prefix + ".requests", String.valueOf(result.requests()));
        r.put(prefix + ".non2xx", String.valueOf(result.non2xx()));
        r.put(prefix + ".errors", String.valueOf(result.errors()));
        return r;
    }

    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern WRK_NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern WRK_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** The figures of {@code wrk --latency}'s output (its latency distribution is HdrHistogram's). */
    static LoadGen.Result parseWrk(String out) {
        Matcher rps = WRK_RPS.matcher(out);
        Matcher requests = WRK_REQUESTS.matcher(out);
        if (!rps.find() || !requests.find()) {
            throw new IllegalArgumentException("not the output of wrk --latency: " + out);
        }
        Matcher non2xx = WRK_NON2XX.matcher(out);
        Matcher errors = WRK_ERRORS.matcher(out);
        long errorCount = 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                errorCount += Long.parseLong(errors.group(g));
            }
        }
        return new LoadGen.Result(Double.parseDouble(rps.group(1)), wrkPercentileMs(out, "50"), wrkPercentileMs(out, "99"),
                Long.parseLong(requests.group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errorCount);
    }

    private static double wrkPercentileMs(String out, String p) {
        Matcher m = Pattern.compile("(?m)^\\s+" + p + "%\\s+([0-9.]+)(us|ms|s|m)\\s*$").matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("wrk printed no " + p + "% latency (was it run with --latency?)");
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    // ------------------------------------------------------------------ P5 warm-up before the idle RSS

    /** A new user's first steps through the gateway: sign-up and login, the document list, three questions. */
    private static void warmup(String[] args) throws Exception {
        Map<String, String> o = options(args, 1);
        String gateway = required(o, "gateway");
        SuiteClient suite = new SuiteClient(gateway, gateway);
        suite.login("warmup");
        var http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 10; i++) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway + "/api/documents"))
                    .header("Authorization", "Bearer " + suite.token()).timeout(java.time.Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IOException("warm-up: GET /api/documents answered " + response.statusCode());
            }
        }
        for (String q : List.of("What is this corpus about?", "When did it start?", "Who was involved?")) {
            suite.postJson(gateway + "/api/chat", Map.of("question", q), Map.of(), 120);
        }
    }

    // ------------------------------------------------------------------ the report

    private static void report(String[] args) throws Exception {
        Map<String, String> o = options(args, 1);
        Path dir = Path.of(required(o, "dir"));
        Properties r = read(dir);
        boolean quick = "true".equals(r.getProperty("quick"));
        List<String> table = new ArrayList<>();
        String loadEnd = loadAverage();
        table.add("# rag bench all " + r.getProperty("corpus", "?") + (quick ? " --quick" : "") + " at " + Instant.now()
                + ": " + Runtime.getRuntime().availableProcessors() + " cores, load average " + r.getProperty("load.start", "?")
                + " at the start, " + loadEnd + " at the end (1/5/15 min), Java " + Runtime.version());
        table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %-34s %12s  %9s  %s", "part", "figure", "measured", "anchor",
                "anchor", "ratio", "goal"));
        ObjectNode json = figures(r, table);
        ObjectNode machine = json.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverageStart", r.getProperty("load.start", "unknown"));
        machine.put("loadAverageEnd", loadEnd);
        json.put("quick", quick);
        if (Files.exists(dir.resolve("p2.txt"))) {
            table.add("# P2 details");
            table.addAll(Files.readAllLines(dir.resolve("p2.txt"), StandardCharsets.UTF_8));
        }
        if (Files.exists(dir.resolve("p3.txt"))) {
            table.add("# P3 details");
            table.addAll(Files.readAllLines(dir.resolve("p3.txt"), StandardCharsets.UTF_8));
        }
        for (String line : rounds(r)) {
            table.add(line);
        }
        // with --json the table goes to stderr, so the JSON object is all there is on stdout
        table.forEach(o.containsKey("json") ? System.err::println : System.out::println);
        Bench.appendReport(table, o.get("out"), System.err);
        if (o.containsKey("json")) {
            System.out.println(SuiteClient.JSON.writeValueAsString(json));
        }
    }

    /** The JSON object of the shape from the recorded figures; adds one table row (or more) per part. */
    static ObjectNode figures(Properties r, List<String> table) {
        ObjectNode json = SuiteClient.JSON.createObjectNode();
        json.set("p1", p1(r, table));
        json.set("p2", p2Report(r, table));
        json.set("p3", p3Report(r, table));
        json.set("p4", ChatVsFloor.report(r, table));
        json.set("p5", p5(r, table));
        return json;
    }

    private static ObjectNode p1(Properties r, List<String> table) {
        if (!"true".equals(r.getProperty("p1.measured"))) {
            return notMeasured(table, "P1", "edge: gateway vs nginx", r.getProperty("p1.reason", "not measured"));
        }
        int rounds = Integer.parseInt(r.getProperty("p1.rounds", "1"));
        String nginx = "nginx " + r.getProperty("p1.nginxVersion", "?") + " (same route, headers)";
        Double nginxRps = median(r, "p1.nginx", "rps", rounds);
        Double nginxP50 = median(r, "p1.nginx", "p50Ms", rounds);
        Double nginxP99 = median(r, "p1.nginx", "p99Ms", rounds);
        long nginxBad = sum(r, "p1.nginx", rounds);
        ObjectNode p1 = SuiteClient.JSON.createObjectNode();
        String gatewayReason = r.getProperty("p1.gateway.reason");
        String route = r.getProperty("p1.route", "?");
        String load = r.getProperty("p1.tool", "?") + ", " + r.getProperty("p1.connections", "?") + " connections, "
                + rounds + " x " + r.getProperty("p1.seconds", "?") + " s";
        if (gatewayReason != null) {
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %-34s %12.0f  %9s  %s", "P1", "edge requests/s (" + route + ")",
                    "-", nginx, nginxRps, "-", "gateway not measured: " + gatewayReason));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %-34s %9.2f ms  %9s  %s", "P1", "edge p99", "-", "nginx p99",
                    nginxP99, "-", load));
            p1.put("measured", false);
            p1.put("reason", "gateway not measured: " + gatewayReason);
            p1.put("nginxRps", round(nginxRps));
            p1.put("nginxP50Ms", round(nginxP50));
            p1.put("nginxP99Ms", round(nginxP99));
        } else {
            Double gatewayRps = median(r, "p1.gateway", "rps", rounds);
            Double gatewayP50 = median(r, "p1.gateway", "p50Ms", rounds);
            Double gatewayP99 = median(r, "p1.gateway", "p99Ms", rounds);
            long gatewayBad = sum(r, "p1.gateway", rounds);
            double ratio = gatewayRps / nginxRps;
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12.0f  %-34s %12.0f  %8.2fx  %s", "P1",
                    "gateway requests/s (" + route + ")", gatewayRps, nginx, nginxRps, ratio, ">= 0.8x"));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.2f ms  %-34s %9.2f ms  %+6.2f ms  %s", "P1", "gateway p99",
                    gatewayP99, "nginx p99", nginxP99, gatewayP99 - nginxP99, "<= 2 ms added"));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.2f ms  %-34s %9.2f ms  %9s  %s", "P1", "gateway p50",
                    gatewayP50, "nginx p50", nginxP50, "", load));
            String windows = r.getProperty("p1.warmup.windows");
            if (windows != null) {
                boolean steady = "true".equals(r.getProperty("p1.warmup.steady"));
                table.add("P1   warm-up of the gateway (" + r.getProperty("p1.warmup.seconds") + " s, "
                        + (steady ? "steady" : "not steady by the cap") + "): requests/s per 10 s window: " + windows);
                p1.put("warmupS", Integer.parseInt(r.getProperty("p1.warmup.seconds")));
                p1.put("warmupSteady", steady);
            }
            if (gatewayBad + nginxBad > 0) {
                table.add("P1   WARNING: " + gatewayBad + " gateway and " + nginxBad
                        + " nginx answers were errors or not 2xx/3xx (a rate limit hit?): the figures are not comparable");
            }
            p1.put("gatewayRps", round(gatewayRps));
            p1.put("nginxRps", round(nginxRps));
            p1.put("ratio", round(ratio));
            p1.put("addedP99Ms", round(gatewayP99 - nginxP99));
            p1.put("gatewayP50Ms", round(gatewayP50));
            p1.put("gatewayP99Ms", round(gatewayP99));
            p1.put("nginxP50Ms", round(nginxP50));
            p1.put("nginxP99Ms", round(nginxP99));
            p1.put("gatewayBadAnswers", gatewayBad);
        }
        p1.put("nginxBadAnswers", nginxBad);
        p1.put("route", route);
        p1.put("loadGenerator", r.getProperty("p1.tool", "?"));
        p1.put("connections", Integer.parseInt(r.getProperty("p1.connections", "0")));
        p1.put("secondsPerRound", Double.parseDouble(r.getProperty("p1.seconds", "0")));
        p1.put("rounds", rounds);
        return p1;
    }

    private static ObjectNode p2Report(Properties r, List<String> table) {
        if (r.getProperty("p2.bareChunksPerS") == null) {
            return notMeasured(table, "P2", "ingestion vs the bare model", r.getProperty("p2.reason", "not measured"));
        }
        double bare = Double.parseDouble(r.getProperty("p2.bareChunksPerS"));
        String anchor = "bare in-process loop (" + r.getProperty("p2.bare.chunks") + " chunks)";
        if (!"the suite's chunks".equals(r.getProperty("p2.bare.source"))) {
            table.add("P2   (the bare loop embeds " + r.getProperty("p2.bare.source", "?") + ", not the suite's chunks)");
        }
        ObjectNode p2 = SuiteClient.JSON.createObjectNode();
        String suite = r.getProperty("p2.suiteChunksPerS");
        if (suite == null) {
            String reason = r.getProperty("p2.suite.reason", "not measured");
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %-34s %12.1f  %9s  %s", "P2", "ingestion chunks/s (upload -> indexed)",
                    "-", anchor, bare, "-", "suite side not measured: " + reason));
            p2.put("measured", false);
            p2.put("reason", "suite side not measured: " + reason);
        } else {
            double s = Double.parseDouble(suite);
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12.1f  %-34s %12.1f  %8.2fx  %s", "P2",
                    "ingestion chunks/s (" + r.getProperty("p2.suite.chunks") + " chunks, upload -> indexed)", s, anchor, bare,
                    s / bare, ">= 0.85x"));
            p2.put("suiteChunksPerS", round(s));
            p2.put("ratio", round(s / bare));
            p2.put("suiteChunks", Long.parseLong(r.getProperty("p2.suite.chunks")));
        }
        p2.put("bareChunksPerS", round(bare));
        p2.put("bareChunks", Long.parseLong(r.getProperty("p2.bare.chunks")));
        p2.put("files", Integer.parseInt(r.getProperty("p2.files")));
        return p2;
    }

    /** P3: hybrid p99/p50 and the dense side's recall@10, each beside the exact scan over the same vectors. */
    private static ObjectNode p3Report(Properties r, List<String> table) {
        if (!"true".equals(r.getProperty("p3.measured"))) {
            return notMeasured(table, "P3", "search at scale (100,000 chunks)", r.getProperty("p3.reason", "not measured"));
        }
        long chunks = Long.parseLong(r.getProperty("p3.chunks"));
        double p50 = Double.parseDouble(r.getProperty("p3.p50Ms"));
        double p99 = Double.parseDouble(r.getProperty("p3.p99Ms"));
        double exactP50 = Double.parseDouble(r.getProperty("p3.exact.p50Ms"));
        double exactP99 = Double.parseDouble(r.getProperty("p3.exact.p99Ms"));
        double recall = Double.parseDouble(r.getProperty("p3.recallAt10"));
        String size = String.format(Locale.ROOT, "%,d chunks", chunks);
        table.add(String.format(Locale.ROOT, "%-4s %-44s %9.2f ms  %-34s %9.2f ms  %8.2fx  %s", "P3", "hybrid search p99 (" + size + ", topK 10)",
                p99, "exact scan p99 (dense, same vectors)", exactP99, p99 / exactP99, "<= 10 ms"));
        table.add(String.format(Locale.ROOT, "%-4s %-44s %9.2f ms  %-34s %9.2f ms  %8.2fx", "P3", "hybrid search p50",
                p50, "exact scan p50", exactP50, p50 / exactP50));
        table.add(String.format(Locale.ROOT, "%-4s %-44s %12.4f  %-34s %12.4f  %9s  %s", "P3", "dense recall@10",
                recall, "exact scan", 1.0, "", ">= 0.98"));
        ObjectNode p3 = SuiteClient.JSON.createObjectNode();
        p3.put("chunks", chunks);
        p3.put("p50Ms", round(p50));
        p3.put("p99Ms", round(p99));
        p3.put("recallAt10", Math.round(recall * 10000) / 10000.0);
        p3.put("denseP50Ms", round(Double.parseDouble(r.getProperty("p3.denseP50Ms"))));
        p3.put("denseP99Ms", round(Double.parseDouble(r.getProperty("p3.denseP99Ms"))));
        p3.put("keywordP50Ms", round(Double.parseDouble(r.getProperty("p3.keywordP50Ms"))));
        p3.put("keywordP99Ms", round(Double.parseDouble(r.getProperty("p3.keywordP99Ms"))));
        p3.put("exactScanP50Ms", round(exactP50));
        p3.put("exactScanP99Ms", round(exactP99));
        p3.put("queries", Integer.parseInt(r.getProperty("p3.queries")));
        p3.put("searches", Integer.parseInt(r.getProperty("p3.searches")));
        p3.put("owners", Integer.parseInt(r.getProperty("p3.owners")));
        p3.put("indexMb", round(Double.parseDouble(r.getProperty("p3.indexMb"))));
        p3.put("segments", Integer.parseInt(r.getProperty("p3.segments")));
        p3.put("rssMb", round(Double.parseDouble(r.getProperty("p3.rssMb"))));
        p3.put("buildS", round(Double.parseDouble(r.getProperty("p3.buildS"))));
        p3.put("seeds", r.getProperty("p3.seedSource"));
        ObjectNode qdrant = p3.putObject("qdrant");
        if ("true".equals(r.getProperty("p3.qdrant.measured"))) {
            double qp99 = Double.parseDouble(r.getProperty("p3.qdrant.p99Ms"));
            double qrecall = Double.parseDouble(r.getProperty("p3.qdrant.recallAt10"));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.2f ms  %-34s %9.2f ms  %8.2fx  %s", "P3", "Qdrant hybrid p99",
                    qp99, "exact scan p99", exactP99, qp99 / exactP99, "<= 10 ms"));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12.4f  %-34s %12.4f  %9s  %s", "P3", "Qdrant dense recall@10",
                    qrecall, "exact scan", 1.0, "", ">= 0.98"));
            qdrant.put("p50Ms", round(Double.parseDouble(r.getProperty("p3.qdrant.p50Ms"))));
            qdrant.put("p99Ms", round(qp99));
            qdrant.put("recallAt10", Math.round(qrecall * 10000) / 10000.0);
            qdrant.put("denseP50Ms", round(Double.parseDouble(r.getProperty("p3.qdrant.denseP50Ms"))));
            qdrant.put("denseP99Ms", round(Double.parseDouble(r.getProperty("p3.qdrant.denseP99Ms"))));
            qdrant.put("keywordP50Ms", round(Double.parseDouble(r.getProperty("p3.qdrant.keywordP50Ms"))));
            qdrant.put("keywordP99Ms", round(Double.parseDouble(r.getProperty("p3.qdrant.keywordP99Ms"))));
            qdrant.put("buildS", round(Double.parseDouble(r.getProperty("p3.qdrant.buildS"))));
        } else {
            String reason = r.getProperty("p3.qdrant.reason", "not measured");
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %s", "P3", "Qdrant (same chunks, same queries)", "-",
                    "NOT MEASURED: " + reason));
            qdrant.put("measured", false);
            qdrant.put("reason", reason);
        }
        return p3;
    }

    private static ObjectNode p5(Properties r, List<String> table) {
        if (!"true".equals(r.getProperty("p5.measured"))) {
            return notMeasured(table, "P5", "start-up and idle memory", r.getProperty("p5.reason", "not measured"));
        }
        ObjectNode p5 = SuiteClient.JSON.createObjectNode();
        ObjectNode services = p5.putObject("services");
        for (String svc : SERVICES) {
            double readyS = Double.parseDouble(r.getProperty("p5." + svc + ".readyMs")) / 1000;
            double rssMb = Double.parseDouble(r.getProperty("p5." + svc + ".idleRssKb")) / 1024;
            int rssGoal = svc.equals("vector-service") ? 500 : 250;
            table.add(String.format(Locale.ROOT, "%-4s %-44s %10.1f s  %-34s %12s  %9s  %s", "P5", svc + " start -> ready, alone",
                    readyS, "goal", "2.0 s", String.format(Locale.ROOT, "%.2fx", readyS / 2.0), "<= 2 s"));
            // the service's processes: its JVM and those it started (ingest-service's parser JVM), as tools.sh read them
            double childMb = Double.parseDouble(r.getProperty("p5." + svc + ".childRssKb", "0")) / 1024;
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.0f MB  %-34s %9d MB  %9s  %s", "P5", svc + " idle RSS",
                    rssMb, "goal", rssGoal, String.format(Locale.ROOT, "%.2fx", rssMb / rssGoal), "<= " + rssGoal + " MB"
                            + (childMb > 0 ? String.format(Locale.ROOT, " (%.0f MB of it its child processes)", childMb) : "")));
            ObjectNode s = services.putObject(svc);
            s.put("readyS", round(readyS));
            s.put("idleRssMb", round(rssMb));
            s.put("childRssMb", round(childMb));
            String cpuMs = r.getProperty("p5." + svc + ".readyCpuMs");
            if (cpuMs != null) {
                double cpuS = Double.parseDouble(cpuMs) / 1000;
                table.add(String.format(Locale.ROOT, "%-4s %-44s %10.1f s  %s", "P5", svc + " CPU time used by ready, alone", cpuS,
                        "(user + system, all threads, child processes too: less changed by the machine's load than the time)"));
                s.put("readyCpuS", round(cpuS));
            }
        }
        double all = Double.parseDouble(r.getProperty("p5.allReadyMs")) / 1000;
        table.add(String.format(Locale.ROOT, "%-4s %-44s %10.1f s  %-34s %12s  %9s  %s", "P5", "all five together, first start -> all ready",
                all, "goal", "10.0 s", String.format(Locale.ROOT, "%.2fx", all / 10.0), "<= 10 s on 2 cores"));
        double rssTotal = 0;
        for (String svc : SERVICES) {
            rssTotal += Double.parseDouble(r.getProperty("p5." + svc + ".idleRssKb")) / 1024;
        }
        table.add(String.format(Locale.ROOT, "%-4s %-44s %9.0f MB", "P5", "idle RSS, all five", rssTotal));
        p5.put("allReadyS", round(all));
        String allCpuMs = r.getProperty("p5.allReadyCpuMs");
        if (allCpuMs != null) {
            double cpuS = Double.parseDouble(allCpuMs) / 1000;
            table.add(String.format(Locale.ROOT, "%-4s %-44s %10.1f s  %s", "P5", "all five together, CPU time used by ready", cpuS,
                    "(the five JVMs and their child processes, user + system)"));
            p5.put("allReadyCpuS", round(cpuS));
        }
        p5.put("idleRssMbTotal", round(rssTotal));
        p5.put("javaOpts", r.getProperty("p5.javaOpts", ""));
        p5.put("jvm", r.getProperty("p5.jvm", ""));
        table.add(String.format(Locale.ROOT, "%-4s %-44s %s", "P5", "JVM", r.getProperty("p5.jvm", "?")));
        return p5;
    }

    private static List<String> rounds(Properties r) {
        List<String> lines = new ArrayList<>();
        int rounds = Integer.parseInt(r.getProperty("p1.rounds", "0"));
        for (int i = 1; i <= rounds; i++) {
            for (String side : List.of("gateway", "nginx")) {
                String p = "p1." + side + "." + i;
                if (r.getProperty(p + ".rps") != null) {
                    lines.add(String.format(Locale.ROOT, "# P1 round %d %-8s %10s req/s  p50 %s ms  p99 %s ms  %s requests, %s not 2xx/3xx, %s socket errors",
                            i, side, r.getProperty(p + ".rps"), r.getProperty(p + ".p50Ms"), r.getProperty(p + ".p99Ms"),
                            r.getProperty(p + ".requests"), r.getProperty(p + ".non2xx"), r.getProperty(p + ".errors")));
                }
            }
        }
        return lines;
    }

    static ObjectNode notMeasured(List<String> table, String part, String what, String reason) {
        table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %s", part, what, "-", "NOT MEASURED: " + reason));
        ObjectNode node = SuiteClient.JSON.createObjectNode();
        node.put("measured", false);
        node.put("reason", reason);
        return node;
    }

    /** The median over the rounds (the mean of the middle two for an even count): one disturbed round does not move it. */
    static Double median(Properties r, String prefix, String key, int rounds) {
        double[] values = new double[rounds];
        for (int i = 1; i <= rounds; i++) {
            values[i - 1] = Double.parseDouble(r.getProperty(prefix + "." + i + "." + key));
        }
        java.util.Arrays.sort(values);
        return rounds % 2 == 1 ? values[rounds / 2] : (values[rounds / 2 - 1] + values[rounds / 2]) / 2;
    }

    private static long sum(Properties r, String prefix, int rounds) {
        long total = 0;
        for (int i = 1; i <= rounds; i++) {
            total += Long.parseLong(r.getProperty(prefix + "." + i + ".non2xx", "0"))
                    + Long.parseLong(r.getProperty(prefix + "." + i + ".errors", "0"));
        }
        return total;
    }

    // ------------------------------------------------------------------ helpers

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static Properties read(Path dir) throws IOException {
        Properties p = new Properties();
        Path file = dir.resolve("results.properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    /** Adds figures to DIR/results.properties (the steps run one after the other, never at once). */
    static void put(Path dir, Map<String, String> figures) throws IOException {
        Properties p = read(dir);
        figures.forEach(p::setProperty);
        Files.createDirectories(dir);
        try (Writer out = Files.newBufferedWriter(dir.resolve("results.properties"), StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            System.err.println("--" + key + " is needed");
            usage();
        }
        return v;
    }

    /** --key value pairs from index {@code from}; --quick and --json stand alone. */
    static Map<String, String> options(String[] args, int from) {
        Map<String, String> o = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            String key = args[i].substring(2);
            if (key.equals("quick") || key.equals("json")) {
                o.put(key, "true");
            } else if (i + 1 < args.length) {
                o.put(key, args[++i]);
            } else {
                usage();
            }
        }
        return o;
    }

    private static void usage() {
        System.err.println("usage: BenchAll p2|p3|p4|p4-cache|load|wrk|warmup|report ... (see the class comment)");
        System.exit(2);
    }
}
