package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragsuite.bench.SuiteClient.Upload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./rag eval --corpus DIR --questions FILE.jsonl}: ingests a corpus into a running (normally
 * fresh) suite as a new user, asks every question of every retrieval mode, and reports recall@1/3/5/10
 * and MRR@10 of the gold passage (see {@link SquadText#isGold}) and the share of answers that contain a
 * gold answer ({@link SquadText#answerHit}) or hold one in their first sentence ({@code answerHit@1},
 * {@link SquadText#firstSentenceHit}), for hybrid, BM25-only and dense-only retrieval.
 *
 * <p>Retrieval goes straight to vector-service's internal search (internal token + the user's JWT),
 * answers straight to chat-service, so the gateway's rate limits and quotas do not shape the run.
 *
 * <p>Options: {@code --gateway URL --ingest URL --vector URL --chat URL} (services),
 * {@code --internal-token-file FILE}, {@code --json} (one JSON object on stdout, nothing else),
 * {@code --top-k N} (chunks retrieved per search, default 10), {@code --answer-top-k N} (chunks the
 * answer may use, default 5), {@code --no-answers} (skip chat), {@code --threads N} (default 3),
 * {@code --out FILE} (append the table), {@code --details FILE} (per question and mode: the
 * retrieved chunks with their text and the gold rank, JSON Lines, for investigating misses), {@code --timeout S}
 * (waiting for ingestion, default 1800).
 */
public final class Eval {

    static final List<String> MODES = List.of("hybrid", "bm25", "dense");

    private final SuiteClient suite;
    private final Map<String, String> options;
    private final Map<String, String> internalHeaders;
    private final int topK;
    private final int answerTopK;
    private final boolean answers;

    private Eval(Map<String, String> options) throws IOException {
        this.options = options;
        this.suite = new SuiteClient(options.getOrDefault("gateway", "http://127.0.0.1:8080"),
                options.getOrDefault("ingest", "http://127.0.0.1:8082"));
        String tokenFile = options.get("internal-token-file");
        if (tokenFile == null) {
            throw new IllegalArgumentException("--internal-token-file is required (the suite's RAG_HOME/secrets/internal-token)");
        }
        this.internalHeaders = Map.of("X-Internal-Token", Files.readString(Path.of(tokenFile)).strip());
        this.topK = intOption(options, "top-k", 10, 1, 50);
        this.answerTopK = intOption(options, "answer-top-k", 5, 1, 20);
        this.answers = !options.containsKey("no-answers");
    }

    /** What one question got in one mode. */
    record Outcome(int goldRank, Boolean answerHit, Boolean answerHitAt1, ArrayNode hits, String answer) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            return;
        }
        if (!options.containsKey("corpus") || !options.containsKey("questions")) {
            usage();
        }
        try {
            new Eval(options).run();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("eval failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        Path corpus = Path.of(options.get("corpus"));
        Path questionsFile = Path.of(options.get("questions"));
        List<EvalQuestion> questions = EvalQuestion.load(questionsFile);
        List<Path> files = Bench.corpusFiles(corpus);
        warnAboutMissingDocs(questions, files);

        suite.login("eval");
        Instant ingestStart = Instant.now();
        ingest(files);
        double ingestSeconds = Duration.between(ingestStart, Instant.now()).toMillis() / 1000.0;
        System.err.printf(Locale.ROOT, "[eval] %d files indexed in %.1f s; asking %d questions x %d modes%n",
                files.size(), ingestSeconds, questions.size(), MODES.size());

        List<String> latency = answers ? chatLatency(questions) : List.of();
        latency.forEach(line -> System.err.println("[eval] " + line));

        Instant askStart = Instant.now();
        List<Map<String, Outcome>> outcomes = askAll(questions);
        double askSeconds = Duration.between(askStart, Instant.now()).toMillis() / 1000.0;

        Map<String, EvalScores> scores = new LinkedHashMap<>();
        MODES.forEach(m -> scores.put(m, new EvalScores()));
        for (Map<String, Outcome> byMode : outcomes) {
            byMode.forEach((mode, o) -> scores.get(mode).add(o.goldRank(), o.answerHit(), o.answerHitAt1()));
        }
        if (options.containsKey("details")) {
            writeDetails(Path.of(options.get("details")), questions, outcomes);
        }
        double totalSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        if (options.containsKey("json")) {
            System.out.println(SuiteClient.JSON.writeValueAsString(json(scores, questions.size())));
        } else {
            List<String> table = table(scores, corpus, questionsFile, questions.size(), files.size(),
                    ingestSeconds, askSeconds, totalSeconds);
            latency.forEach(line -> table.add("# " + line));
            table.forEach(System.out::println);
            Bench.appendReport(table, options.get("out"), System.err);
        }
        System.err.printf(Locale.ROOT, "[eval] done in %.1f s (ingest %.1f s, questions %.1f s)%n",
                totalSeconds, ingestSeconds, askSeconds);
    }

    /**
     * {@code POST /api/chat} latency as one client sees it: every question once, one at a time, in
     * hybrid mode (the default) against an empty answer cache, then every question again (now
     * answered from the cache). Straight at chat-service, like the rest of the run.
     */
    private List<String> chatLatency(List<EvalQuestion> questions) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String pass : List.of("answer cache empty", "answer cache warm")) {
            long[] millis = new long[questions.size()];
            Map<String, Integer> modes = new LinkedHashMap<>();
            for (int i = 0; i < questions.size(); i++) {
                long start = System.nanoTime();
                JsonNode reply = suite.postJson(options.getOrDefault("chat", "http://127.0.0.1:8084") + "/api/chat",
                        Map.of("question", questions.get(i).question(), "topK", answerTopK), Map.of(), 120);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                modes.merge(reply.path("mode").asText("?"), 1, Integer::sum);
            }
            Arrays.sort(millis);
            lines.add(String.format(Locale.ROOT, "POST /api/chat (chat-service, hybrid, top %d, one client, %s): p50 %d ms,"
                    + " p95 %d ms, max %d ms over %d questions; answer modes %s", answerTopK, pass,
                    percentile(millis, 50), percentile(millis, 95), millis[millis.length - 1], millis.length, modes));
        }
        return lines;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void ingest(List<Path> files) throws IOException, InterruptedException {
        List<Upload> uploads = new ArrayList<>();
        for (Path file : files) {
            uploads.add(suite.upload(file));
        }
        long timeout = Long.parseLong(options.getOrDefault("timeout", "1800"));
        Map<String, JsonNode> done = suite.awaitFinished(uploads, timeout);
        List<String> failed = new ArrayList<>();
        for (Upload u : uploads) {
            JsonNode doc = done.get(u.id());
            if (!"indexed".equals(doc.path("status").asText())) {
                failed.add(u.file().getFileName() + " (" + doc.path("lastError").asText(doc.path("error").asText("no reason given")) + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new IOException(failed.size() + " of " + files.size() + " corpus files failed to ingest: " + String.join(", ", failed));
        }
    }

    private List<Map<String, Outcome>> askAll(List<EvalQuestion> questions) throws InterruptedException, IOException {
        int threads = intOption(options, "threads", 3, 1, 16);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<String, Outcome>>> futures = new ArrayList<>();
            for (EvalQuestion q : questions) {
                futures.add(pool.submit(() -> ask(q)));
            }
            List<Map<String, Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IOException("question " + questions.get(i).id() + " failed: " + e.getCause().getMessage(), e.getCause());
                }
                if ((i + 1) % 50 == 0) {
                    System.err.printf("  %d/%d questions asked%n", i + 1, questions.size());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Outcome> ask(EvalQuestion q) throws IOException, InterruptedException {
        Map<String, Outcome> byMode = new LinkedHashMap<>();
        for (String mode : MODES) {
            JsonNode response = suite.postJson(options.getOrDefault("vector", "http://127.0.0.1:8083") + "/internal/v1/search",
                    Map.of("query", q.question(), "topK", topK, "mode", mode), internalHeaders, 60);
            List<String> texts = new ArrayList<>();
            ArrayNode hits = SuiteClient.JSON.createArrayNode();
            for (JsonNode hit : response.path("hits")) {
                String text = hit.path("text").asText();
                texts.add(text);
                ObjectNode h = hits.addObject();
                h.put("chunkId", hit.path("chunkId").asText());
                h.put("document", hit.path("documentName").asText());
                h.put("position", hit.path("position").asInt());
                h.put("score", hit.path("score").asDouble());
                h.put("gold", SquadText.isGold(text, q.passage()));
                h.put("text", text);
            }
            int rank = SquadText.firstGoldRank(texts, q.passage());
            Boolean hit = null;
            Boolean hitAt1 = null;
            String answer = null;
            if (answers) {
                JsonNode reply = suite.postJson(options.getOrDefault("chat", "http://127.0.0.1:8084") + "/api/chat",
                        Map.of("question", q.question(), "topK", answerTopK, "retrieval", mode), Map.of(), 120);
                answer = reply.path("answer").asText();
                hit = SquadText.answerHit(answer, q.answers());
                hitAt1 = SquadText.firstSentenceHit(answer, q.answers());
            }
            byMode.put(mode, new Outcome(rank, hit, hitAt1, hits, answer));
        }
        return byMode;
    }

    static ObjectNode json(Map<String, EvalScores> scores, int questions) {
        ObjectNode root = SuiteClient.JSON.createObjectNode();
        scores.forEach((mode, s) -> {
            ObjectNode m = root.putObject(mode);
            s.asMap().forEach((name, value) -> {
                if (value == null) {
                    m.putNull(name);
                } else {
                    m.put(name, value);
                }
            });
        });
        root.put("questions", questions);
        return root;
    }

    static List<String> table(Map<String, EvalScores> scores, Path corpus, Path questionsFile, int questions, int files,
            double ingestSeconds, double askSeconds, double totalSeconds) {
        List<String> table = new ArrayList<>();
        table.add("# rag eval " + corpus + " with " + questionsFile + " at " + Instant.now() + " (" + questions
                + " questions, " + files + " files)");
        table.add(String.format(Locale.ROOT, "%-8s %9s %9s %9s %10s %8s %10s %12s", "mode", "recall@1", "recall@3", "recall@5",
                "recall@10", "MRR@10", "answerHit", "answerHit@1"));
        scores.forEach((mode, s) -> table.add(String.format(Locale.ROOT, "%-8s %9.3f %9.3f %9.3f %10.3f %8.3f %10s %12s", mode,
                s.recallAt(1), s.recallAt(3), s.recallAt(5), s.recallAt(10), s.mrr(), share(s.answerHit()), share(s.answerHitAt1()))));
        table.add(String.format(Locale.ROOT, "# ingest %.1f s, questions %.1f s, total %.1f s", ingestSeconds, askSeconds,
                totalSeconds));
        return table;
    }

    private static String share(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private void writeDetails(Path file, List<EvalQuestion> questions, List<Map<String, Outcome>> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            EvalQuestion q = questions.get(i);
            for (Map.Entry<String, Outcome> e : outcomes.get(i).entrySet()) {
                ObjectNode line = SuiteClient.JSON.createObjectNode();
                line.put("id", q.id());
                line.put("question", q.question());
                line.put("doc", q.doc());
                line.put("mode", e.getKey());
                line.put("goldRank", e.getValue().goldRank());
                if (e.getValue().answer() != null) {
                    line.put("answer", e.getValue().answer());
                    line.put("answerHit", e.getValue().answerHit());
                    line.put("answerHit@1", e.getValue().answerHitAt1());
                }
                line.set("hits", e.getValue().hits());
                lines.add(SuiteClient.JSON.writeValueAsString(line));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, lines, StandardCharsets.UTF_8);
        System.err.println("[eval] per-question details in " + file);
    }

    private static void warnAboutMissingDocs(List<EvalQuestion> questions, List<Path> files) {
        Set<String> names = new TreeSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        Set<String> missing = new TreeSet<>();
        questions.stream().map(EvalQuestion::doc).filter(d -> !names.contains(d)).forEach(missing::add);
        if (!missing.isEmpty()) {
            System.err.println("[eval] warning: " + missing.size() + " gold documents are not in the corpus folder: " + missing);
        }
    }

    private static final Set<String> FLAGS = Set.of("json", "no-answers");

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            String name = args[i].substring(2);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String name, int fallback, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + " must be within " + min + ".." + max + ": " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number: " + value, e);
        }
    }

    private static void usage() {
        System.err.println("usage: Eval --corpus DIR --questions FILE.jsonl --internal-token-file FILE [--json] [--top-k N]"
                + " [--answer-top-k N] [--no-answers] [--threads N] [--gateway URL] [--ingest URL] [--vector URL]"
                + " [--chat URL] [--out FILE] [--details FILE] [--timeout S]");
        System.exit(2);
    }
}
