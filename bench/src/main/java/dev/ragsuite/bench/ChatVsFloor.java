package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.answer.extractive.ExtractiveAnswerer;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import dev.ragsuite.vector.embedding.InProcessModel;
import dev.ragsuite.vector.embedding.provider.OnnxEmbedder;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.lucene.LuceneVectorStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * P4 of {@code ./rag bench all}: chat through the gateway vs the floor.
 *
 * <p><b>Through the gateway</b> ({@code p4}): {@link #USERS} registered users (each with its own token,
 * registered at auth-service directly so the gateway's login budget does not shape the set-up) ask corpus
 * questions ({@link Questions}) with {@code POST /api/chat} through the gateway, in a closed loop
 * ({@link ClosedLoop}), extractive answers, hybrid retrieval, chat-service's answer cache off (the script
 * restarts chat-service with {@code RAG_ANSWER_CACHE_ENABLED=false} first). The corpus was uploaded by P2's
 * user; the suite's first admin publishes those documents (straight at ingest-service, as P2 uploads), so
 * every user's questions retrieve from all of them.
 *
 * <p><b>The floor</b>: the same pipeline in a bare in-process loop with the same concurrency and the same
 * questions in the same order: the question embedded by vector-service's own {@link OnnxEmbedder} (the
 * index's {@link InProcessModel}), hybrid search in vector-service's own {@link LuceneVectorStore} opened on
 * a snapshot copy of the suite's index (its documents published the same way, by the store's own
 * {@code setPublished}), top K as chat-service asks, and chat-service's own {@link ExtractiveAnswerer}
 * configured from chat-service's {@code application.properties} and the environment (its {@link ChatConfig}).
 * No HTTP, no JWT, no Redis, no database: the gap is what the services cost.
 *
 * <p><b>Warm, both sides</b>: each side runs its load in {@value #WARMUP_WINDOW_SECONDS} s windows until its
 * answers/s stop rising ({@link Warm}; {@code --warmup} and {@code --warmup-max}, 30 and 300 s), then is
 * measured for {@code --seconds}. Three JVMs just started on two cores take minutes of this load to compile
 * its paths (on this machine the suite's rate rose from 20 to over 100 answers/s over its first 140 s),
 * the in-process floor seconds; a fixed short warm-up measured mostly the JIT. No question text is asked
 * twice in a run ({@link ClosedLoop}), so vector-service's embedding cache never stands in for the model.
 *
 * <p><b>A cache hit</b> ({@code p4-cache}, after the script restarted chat-service with the cache on): one
 * user asks one question, asks it again for {@code --hit-warmup} seconds (30), then for {@code --hit-seconds}
 * (10) over one connection, timed by wrk ({@code --wrk}, the load generator of P1, so the figure is the suite's
 * and not the bench JVM's HTTP client's), then {@code --requests} (200) times one after the other with the bench's
 * Java HttpClient (a second figure; the only one when wrk is missing); chat-service's
 * own counter ({@code rag_chat_answer_cache_total{result="hit"}}) must have grown by as many, or the
 * figure is not reported.
 *
 * <p><b>--quick</b> ({@code ./rag test}): no suite: a tiny index built in-process from the corpus files
 * (paragraphs as chunks), and a second of {@link #QUICK_USERS} floor threads; the gateway side says why it
 * was not measured.
 */
final class ChatVsFloor {

    static final int USERS = 16;
    static final int QUICK_USERS = 2;
    static final int MAX_QUESTIONS = 10_000;
    private static final Pattern HIT_COUNTER = Pattern.compile("(?m)^rag_chat_answer_cache_total\\{[^}]*result=\"hit\"[^}]*}\\s+([0-9.eE+-]+)");

    private ChatVsFloor() {
    }

    // ------------------------------------------------------------------ p4: through the gateway, then the floor

    static void p4(String[] args) throws Exception {
        useJBossLogManager();
        if (args.length < 2) {
            throw new IllegalArgumentException("p4 needs the corpus folder");
        }
        Map<String, String> o = BenchAll.options(args, 2);
        Path dir = Path.of(BenchAll.required(o, "dir"));
        boolean quick = o.containsKey("quick");
        List<Path> files = Bench.corpusFiles(Path.of(args[1]));
        List<String> questions;
        String source;
        if (o.containsKey("questions")) {
            questions = Questions.fromEvalFile(Path.of(o.get("questions")));
            source = "the questions of " + Path.of(o.get("questions")).getFileName();
        } else {
            questions = Questions.derive(files, MAX_QUESTIONS, Questions.SEED);
            source = "derived from the corpus's sentences (seed " + Questions.SEED + ")";
        }
        if (questions.isEmpty()) {
            throw new IOException("no questions: the corpus has no sentence of " + Questions.MIN_WORDS + " words or more");
        }
        Map<String, String> r = new HashMap<>();
        r.put("p4.questions", String.valueOf(questions.size()));
        r.put("p4.questionsSource", source);
        Extractive extractive = extractiveConfig();
        if (quick) {
            quick(files, questions, extractive, r);
        } else {
            full(o, questions, extractive, r);
        }
        BenchAll.put(dir, r);
    }

    /** The floor over a tiny index built here; the gateway side is not measured (no suite in the quick pass). */
    private static void quick(List<Path> files, List<String> questions, Extractive extractive, Map<String, String> r)
            throws Exception {
        r.put("p4.gateway.reason", "quick pass: no suite is started");
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        Path indexDir = Files.createTempDirectory("rag-bench-p4");
        InProcessModel model = EmbedBench.model();
        try (LuceneVectorStore store = new LuceneVectorStore(indexDir, model.id(), model.dimensions(), FusionSettings.DEFAULTS)) {
            OnnxEmbedder embedder = new OnnxEmbedder(model, executor, new SimpleMeterRegistry());
            String owner = "bench-quick";
            long chunks = 0;
            for (Path file : files) {
                List<String> paragraphs = new ArrayList<>();
                for (String p : Files.readString(file, StandardCharsets.UTF_8).split("\\R\\s*\\R")) {
                    if (!p.isBlank()) {
                        paragraphs.add(p.strip());
                    }
                }
                List<float[]> vectors = embedder.embedAll(paragraphs);
                List<StoredChunk> stored = new ArrayList<>();
                for (int i = 0; i < paragraphs.size(); i++) {
                    stored.add(new StoredChunk("c" + i, i, paragraphs.get(i), vectors.get(i)));
                }
                chunks += store.upsert(owner, UUID.nameUUIDFromBytes(file.toString().getBytes(StandardCharsets.UTF_8)),
                        file.getFileName().toString(), stored);
            }
            r.put("p4.chunks", String.valueOf(chunks));
            Floor floor = new Floor(embedder, store, extractive, Collections.nCopies(QUICK_USERS, owner));
            floor.run(questions, QUICK_USERS, new Warm(0.5, 0.5, 0.5), 1.0, r);
        } finally {
            executor.shutdownNow();
            IndexChunks.delete(indexDir);
        }
    }

    private static void full(Map<String, String> o, List<String> questions, Extractive extractive, Map<String, String> r)
            throws Exception {
        String gateway = BenchAll.required(o, "gateway");
        String auth = BenchAll.required(o, "auth");
        String ingest = BenchAll.required(o, "ingest");
        String vector = BenchAll.required(o, "vector");
        String internalToken = Files.readString(Path.of(BenchAll.required(o, "internal-token-file")), StandardCharsets.UTF_8).strip();
        int users = Integer.parseInt(o.getOrDefault("users", String.valueOf(USERS)));
        Warm warm = new Warm(Double.parseDouble(o.getOrDefault("warmup", "30")),
                Double.parseDouble(o.getOrDefault("warmup-max", "300")), WARMUP_WINDOW_SECONDS);
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "60"));
        r.put("p4.concurrency", String.valueOf(users));
        r.put("p4.seconds", BenchAll.fmt(seconds));

        // the users, registered at auth-service itself (16 sign-ups would exceed the gateway's login budget)
        System.err.println("[bench] P4: registering " + users + " users");
        List<String> tokens = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            SuiteClient user = new SuiteClient(auth, ingest);
            user.login("p4-user" + u);
            tokens.add(user.token());
            owners.add(subject(user.token()));
        }

        Path snapshot = Files.createTempDirectory("rag-bench-p4");
        ExecutorService executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            JsonNode manifest = internalGet(vector + "/internal/v1/manifest", internalToken);
            InProcessModel model = InProcessModel.require(manifest.path("model").asText());
            Path indexDir = IndexChunks.unpack(vector, internalToken, snapshot);
            try (LuceneVectorStore store = new LuceneVectorStore(indexDir, model.id(), manifest.path("dimensions").asInt(),
                    FusionSettings.DEFAULTS)) {
                // P2's documents, published to every user by the suite's admin, and in the floor's copy alike
                Map<UUID, String> documents = new LinkedHashMap<>();
                for (ExportedChunk c : store.read(store.keys()).values()) {
                    if (!c.staged()) {
                        documents.put(c.documentId(), c.ownerId());
                    }
                }
                if (documents.isEmpty()) {
                    throw new IOException("the suite's index holds no document (did P2 ingest the corpus?)");
                }
                SuiteClient admin = new SuiteClient(auth, ingest);
                admin.loginAs(BenchAll.required(o, "admin-email"),
                        Files.readString(Path.of(BenchAll.required(o, "admin-password-file")), StandardCharsets.UTF_8).strip());
                System.err.println("[bench] P4: publishing the " + documents.size() + " documents P2 uploaded to every user");
                for (Map.Entry<UUID, String> d : documents.entrySet()) {
                    admin.call("POST", ingest + "/api/documents/" + d.getKey() + "/publish", null, 200);
                    store.setPublished(d.getValue(), d.getKey(), true);
                }
                r.put("p4.documents", String.valueOf(documents.size()));
                r.put("p4.chunks", String.valueOf(store.size()));

                System.err.printf("[bench] P4: %d users through the gateway, warm-up until steady (%.0f-%.0f s) then %.0f s "
                        + "(answer cache off)%n", users, warm.minSeconds(), warm.maxSeconds(), seconds);
                r.put("p4.load.start", Bench.loadAverage());
                ClosedLoop.Result suite = gateway(gateway, tokens, questions, warm, seconds, r);
                figures(r, "p4.gateway", suite);
                if (suite.failures() > 0) {
                    r.put("p4.gateway.reason", suite.failures() + " of " + (suite.answers() + suite.failures())
                            + " questions failed, the first: " + suite.firstFailure());
                }

                System.err.printf("[bench] P4: the floor, %d threads in-process, warm-up until steady (%.0f-%.0f s) then %.0f s%n",
                        users, warm.minSeconds(), warm.maxSeconds(), seconds);
                OnnxEmbedder embedder = new OnnxEmbedder(model, executor, new SimpleMeterRegistry());
                new Floor(embedder, store, extractive, owners).run(questions, users, warm, seconds, r);
                r.put("p4.load.end", Bench.loadAverage());
            }
        } finally {
            executor.shutdownNow();
            IndexChunks.delete(snapshot);
        }
    }

    /** The closed loop through the gateway: user u asks with its own token; an answer must be a 200 with an answer. */
    private static ClosedLoop.Result gateway(String gateway, List<String> tokens, List<String> questions, Warm warm,
            double seconds, Map<String, String> r) throws InterruptedException {
        URI chat = URI.create(gateway + "/api/chat");
        List<HttpClient> clients = new ArrayList<>();
        for (int u = 0; u < tokens.size(); u++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
        }
        ClosedLoop.Ask ask = (user, question) -> {
            HttpResponse<String> response = clients.get(user).send(HttpRequest.newBuilder(chat)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + tokens.get(user))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(SuiteClient.JSON.writeValueAsString(Map.of("question", question))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("POST /api/chat answered " + response.statusCode() + ": " + response.body());
            }
            if (SuiteClient.JSON.readTree(response.body()).path("answer").asText().isEmpty()) {
                throw new IOException("POST /api/chat answered without an answer: " + response.body());
            }
        };
        warm.run(questions, tokens.size(), ask, r, "p4.gateway");
        return new ClosedLoop(questions, 0).run(tokens.size(), seconds, ask);
    }

    /** The warm-up's window: short enough to see the rate level off, long enough for a window's rate to mean something. */
    static final double WARMUP_WINDOW_SECONDS = 10;

    /**
     * The warm-up of both sides alike: the load, in windows, until its rate stops rising ({@link
     * ClosedLoop#warmUntilSteady}), between {@code minSeconds} and {@code maxSeconds}. It asks the list
     * from its end, every question marked as the warm-up's, so the measured run asks nothing it asked.
     */
    record Warm(double minSeconds, double maxSeconds, double window) {

        void run(List<String> questions, int users, ClosedLoop.Ask ask, Map<String, String> r, String prefix)
                throws InterruptedException {
            List<String> reversed = new ArrayList<>(questions);
            Collections.reverse(reversed);
            ClosedLoop.WarmUp done = new ClosedLoop(reversed, 0, "warm-up").warmUntilSteady(users, minSeconds, maxSeconds,
                    window, ask);
            System.err.printf(Locale.ROOT, "[bench] %s: warmed up for %.0f s (%s), answers/s per %.0f s window: %s%n", prefix,
                    done.seconds(), done.steady() ? "steady" : "still rising at the limit", window, done.windowRps().stream()
                            .map(rps -> String.format(Locale.ROOT, "%.1f", rps)).toList());
            r.put(prefix + ".warmupSeconds", BenchAll.fmt(done.seconds()));
            r.put(prefix + ".warmupSteady", String.valueOf(done.steady()));
            r.put(prefix + ".warmupWindows", done.windowRps().stream().map(rps -> String.format(Locale.ROOT, "%.1f", rps))
                    .collect(Collectors.joining(" ")));
            r.put(prefix + ".warmupWindowSeconds", BigDecimal.valueOf(window).stripTrailingZeros().toPlainString());
        }
    }

    /** The suite's pipeline in-process: embed, hybrid search (as the user), extractive answer of the top K. */
    private record Floor(OnnxEmbedder embedder, LuceneVectorStore store, Extractive extractive, List<String> owners) {

        void run(List<String> questions, int users, Warm warm, double seconds, Map<String, String> r)
                throws InterruptedException {
            ExtractiveAnswerer answerer = extractive.answerer();
            ClosedLoop.Ask ask = (user, question) -> {
                float[] vector = embedder.embed(question);
                List<SearchHit> hits = store.search(owners.get(user), question, vector, extractive.topK(), RetrievalMode.HYBRID)
                        .stream().map(ChatVsFloor::hit).toList();
                Answer answer = answerer.answer(question, hits);
                if (answer.text().isEmpty()) {
                    throw new IllegalStateException("an empty answer to: " + question);
                }
            };
            warm.run(questions, users, ask, r, "p4.floor");
            ClosedLoop.Result floor = new ClosedLoop(questions, 0).run(users, seconds, ask);
            if (floor.failures() > 0) {
                throw new IllegalStateException("the floor failed " + floor.failures() + " times: " + floor.firstFailure());
            }
            figures(r, "p4.floor", floor);
            r.put("p4.floor.threads", String.valueOf(users));
        }
    }

    /** A search hit as vector-service's search answers it (VectorService#search). */
    private static SearchHit hit(ScoredChunk c) {
        return new SearchHit(c.chunkId(), c.documentId(), c.documentName(), c.position(), c.text(), c.score(), c.page(),
                c.headingPath(), c.source());
    }

    private static void figures(Map<String, String> r, String prefix, ClosedLoop.Result result) {
        r.put(prefix + ".rps", BenchAll.fmt(result.rps()));
        r.put(prefix + ".p50Ms", BenchAll.fmt(result.p50Ms()));
        r.put(prefix + ".p99Ms", BenchAll.fmt(result.p99Ms()));
        r.put(prefix + ".answers", String.valueOf(result.answers()));
        r.put(prefix + ".failures", String.valueOf(result.failures()));
        r.put(prefix + ".asked", String.valueOf(result.asked()));
        r.put(prefix + ".runSeconds", BenchAll.fmt(result.seconds()));
    }

    // ------------------------------------------------------------------ p4-cache: a cache hit through the gateway

    static void cacheHit(String[] args) throws Exception {
        useJBossLogManager();
        Map<String, String> o = BenchAll.options(args, 2);
        Path dir = Path.of(BenchAll.required(o, "dir"));
        String gateway = BenchAll.required(o, "gateway");
        String chat = BenchAll.required(o, "chat");
        int requests = Integer.parseInt(o.getOrDefault("requests", "200"));
        double warmup = Double.parseDouble(o.getOrDefault("hit-warmup", "30"));
        double seconds = Double.parseDouble(o.getOrDefault("hit-seconds", "10"));
        String wrk = o.getOrDefault("wrk", "");
        List<String> questions = o.containsKey("questions") ? Questions.fromEvalFile(Path.of(o.get("questions")))
                : Questions.derive(Bench.corpusFiles(Path.of(args[1])), 1, Questions.SEED);
        SuiteClient user = new SuiteClient(BenchAll.required(o, "auth"), gateway);
        user.login("p4-cache");
        String question = questions.get(0);
        user.postJson(gateway + "/api/chat", Map.of("question", question), Map.of(), 60); // a miss: the answer is cached
        Map<String, String> r = new HashMap<>();
        r.put("p4.cacheHit.warmupSeconds", BenchAll.fmt(warmup));
        // chat-service was just restarted: the hit path runs for a while first, so the figure is the warm path's
        if (!wrk.isBlank()) {
            // wrk, as P1 measures the edge: the figure is the suite's, not the bench JVM's HTTP client
            Path script = dir.resolve("p4-cache.lua");
            Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                    + "wrk.headers[\"Authorization\"] = \"Bearer " + user.token() + "\"\nwrk.body = [==["
                    + SuiteClient.JSON.writeValueAsString(Map.of("question", question)) + "]==]\n", StandardCharsets.UTF_8);
            runWrk(wrk, script, gateway + "/api/chat", warmup, dir.resolve("p4-cache-warmup.out"));
            double before = cacheHits(chat);
            LoadGen.Result timed = BenchAll.parseWrk(runWrk(wrk, script, gateway + "/api/chat", seconds,
                    dir.resolve("p4-cache.out")));
            double hits = cacheHits(chat) - before;
            r.put("p4.cacheHit.client", String.format(Locale.ROOT, "wrk, 1 connection, %.0f s", seconds));
            r.put("p4.cacheHit.requests", String.valueOf(timed.requests()));
            r.put("p4.cacheHit.hits", String.valueOf((long) hits));
            if (timed.non2xx() > 0 || timed.errors() > 0 || hits < timed.requests()) {
                r.put("p4.cacheHit.reason", "of " + timed.requests() + " repeated questions " + (long) hits + " were cache hits, "
                        + timed.non2xx() + " not 2xx, " + timed.errors() + " socket errors");
            } else {
                r.put("p4.cacheHit.p50Ms", BenchAll.fmt(timed.p50Ms()));
                r.put("p4.cacheHit.p99Ms", BenchAll.fmt(timed.p99Ms()));
            }
        } else {
            long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
            while (System.nanoTime() < warmEnd) {
                user.postJson(gateway + "/api/chat", Map.of("question", question), Map.of(), 60);
            }
        }
        // the same through the bench JVM's own HTTP client, one request after the other (with it, every figure
        // includes that client's time; the only figure when wrk is missing)
        double hitsBefore = cacheHits(chat);
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            user.postJson(gateway + "/api/chat", Map.of("question", question), Map.of(), 60);
            nanos[i] = System.nanoTime() - t0;
        }
        double hits = cacheHits(chat) - hitsBefore;
        java.util.Arrays.sort(nanos);
        String prefix = wrk.isBlank() ? "p4.cacheHit" : "p4.cacheHit.java";
        r.put(prefix + ".requests", String.valueOf(requests));
        r.put(prefix + ".hits", String.valueOf((long) hits));
        if (hits < requests) {
            r.put(prefix + ".reason", "only " + (long) hits + " of " + requests + " repeated questions were cache hits");
        } else {
            r.put(prefix + ".p50Ms", BenchAll.fmt(LoadGen.percentileMs(nanos, 50)));
            r.put(prefix + ".p99Ms", BenchAll.fmt(LoadGen.percentileMs(nanos, 99)));
        }
        if (wrk.isBlank()) {
            r.put("p4.cacheHit.client", "the bench's Java HttpClient, " + requests + " in a row (wrk is not installed)");
        }
        BenchAll.put(dir, r);
    }

    /** One wrk run of one connection with {@code script}; its output (also kept in {@code out}). */
    private static String runWrk(String wrk, Path script, String url, double seconds, Path out)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(wrk, "-t1", "-c1", "-d" + Math.max(1, Math.round(seconds)) + "s", "--latency",
                "-s", script.toString(), url).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed (exit code " + process.exitValue() + "): " + Files.readString(out));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** chat-service's count of answer-cache hits (its Prometheus endpoint). */
    private static double cacheHits(String chat) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(chat + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("chat-service's /q/metrics answered " + response.statusCode());
        }
        Matcher m = HIT_COUNTER.matcher(response.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    // ------------------------------------------------------------------ the report

    /** P4's rows of the table and its JSON object. */
    static ObjectNode report(Properties r, List<String> table) {
        String what = "chat through the gateway vs the floor";
        if (r.getProperty("p4.floor.rps") == null) {
            return BenchAll.notMeasured(table, "P4", what, r.getProperty("p4.reason", "not measured"));
        }
        ObjectNode p4 = SuiteClient.JSON.createObjectNode();
        double floorRps = Double.parseDouble(r.getProperty("p4.floor.rps"));
        double floorP50 = Double.parseDouble(r.getProperty("p4.floor.p50Ms"));
        double floorP99 = Double.parseDouble(r.getProperty("p4.floor.p99Ms"));
        int threads = Integer.parseInt(r.getProperty("p4.floor.threads"));
        String anchor = "floor: in-process, " + threads + " threads";
        String gatewayReason = r.getProperty("p4.gateway.reason");
        p4.put("concurrency", Integer.parseInt(r.getProperty("p4.concurrency", String.valueOf(threads))));
        if (gatewayReason != null || r.getProperty("p4.gateway.rps") == null) {
            String reason = gatewayReason != null ? gatewayReason : "not measured";
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %-34s %12.1f  %9s  %s", "P4", "chat answers/s (gateway, cache off)",
                    "-", anchor, floorRps, "-", "gateway not measured: " + reason));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %-34s %9.2f ms  %9s", "P4", "chat p50 / p99", "-",
                    "floor p50 / p99", floorP50, String.format(Locale.ROOT, "%.1f ms", floorP99)));
            p4.put("measured", false);
            p4.put("reason", "gateway not measured: " + reason);
        } else {
            double rps = Double.parseDouble(r.getProperty("p4.gateway.rps"));
            double p50 = Double.parseDouble(r.getProperty("p4.gateway.p50Ms"));
            double p99 = Double.parseDouble(r.getProperty("p4.gateway.p99Ms"));
            double ratio = rps / floorRps;
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12.1f  %-34s %12.1f  %8.2fx  %s", "P4",
                    "chat answers/s (" + p4.path("concurrency").asInt() + " users, gateway, cache off)", rps, anchor, floorRps,
                    ratio, ">= 0.5x"));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.1f ms  %-34s %9.1f ms  %8.2fx", "P4", "chat p50", p50,
                    "floor p50", floorP50, p50 / floorP50));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.1f ms  %-34s %9.1f ms  %8.2fx  %s", "P4", "chat p99", p99,
                    "floor p99", floorP99, p99 / floorP99, String.format(Locale.ROOT, "%.0f s each, after a warm-up of %.0f s (suite%s) "
                            + "and %.0f s (floor%s)", Double.parseDouble(r.getProperty("p4.seconds", "0")),
                            Double.parseDouble(r.getProperty("p4.gateway.warmupSeconds", "0")), steadiness(r, "p4.gateway"),
                            Double.parseDouble(r.getProperty("p4.floor.warmupSeconds", "0")), steadiness(r, "p4.floor"))));
            p4.put("rps", BenchAll.round(rps));
            p4.put("ratio", BenchAll.round(ratio));
            p4.put("p50Ms", BenchAll.round(p50));
            p4.put("p99Ms", BenchAll.round(p99));
            p4.put("answers", Long.parseLong(r.getProperty("p4.gateway.answers")));
            p4.put("warmupS", BenchAll.round(Double.parseDouble(r.getProperty("p4.gateway.warmupSeconds", "0"))));
        }
        p4.put("floorRps", BenchAll.round(floorRps));
        p4.put("floorP50Ms", BenchAll.round(floorP50));
        p4.put("floorP99Ms", BenchAll.round(floorP99));
        p4.put("floorAnswers", Long.parseLong(r.getProperty("p4.floor.answers")));
        String hitP50 = r.getProperty("p4.cacheHit.p50Ms");
        if (hitP50 != null) {
            double p50 = Double.parseDouble(hitP50);
            table.add(String.format(Locale.ROOT, "%-4s %-44s %9.2f ms  %-34s %9.2f ms  %8.2fx  %s", "P4",
                    "cache hit through the gateway, p50", p50, "goal", 5.0, p50 / 5.0,
                    String.format(Locale.ROOT, "<= 5 ms (%s: %s requests after %.0f s of hits, p99 %.1f ms%s)",
                            r.getProperty("p4.cacheHit.client", "200 in a row"), r.getProperty("p4.cacheHit.requests"),
                            Double.parseDouble(r.getProperty("p4.cacheHit.warmupSeconds", "0")),
                            Double.parseDouble(r.getProperty("p4.cacheHit.p99Ms")),
                            r.getProperty("p4.cacheHit.java.p50Ms") == null ? ""
                                    : String.format(Locale.ROOT, "; the bench JVM's HttpClient, %s in a row: p50 %.1f ms",
                                            r.getProperty("p4.cacheHit.java.requests"),
                                            Double.parseDouble(r.getProperty("p4.cacheHit.java.p50Ms"))))));
            p4.put("cacheHitP50Ms", BenchAll.round(p50));
            p4.put("cacheHitP99Ms", BenchAll.round(Double.parseDouble(r.getProperty("p4.cacheHit.p99Ms"))));
            if (r.getProperty("p4.cacheHit.java.p50Ms") != null) {
                p4.put("cacheHitJavaClientP50Ms", BenchAll.round(Double.parseDouble(r.getProperty("p4.cacheHit.java.p50Ms"))));
            }
        } else {
            String reason = r.getProperty("p4.cacheHit.reason", gatewayReason != null ? gatewayReason
                    : r.getProperty("p4.reason", "not measured"));
            table.add(String.format(Locale.ROOT, "%-4s %-44s %12s  %s", "P4", "cache hit through the gateway, p50", "-",
                    "NOT MEASURED: " + reason));
            p4.put("cacheHitReason", reason);
        }
        table.add("P4   questions: " + r.getProperty("p4.questions") + " " + r.getProperty("p4.questionsSource", "")
                + "; index: " + r.getProperty("p4.chunks", "?") + " chunks"
                + (r.getProperty("p4.documents") != null ? " of " + r.getProperty("p4.documents") + " published documents" : "")
                + (r.getProperty("p4.load.start") != null ? "; load average " + r.getProperty("p4.load.start") + " before the load, "
                        + r.getProperty("p4.load.end", "?") + " after the floor" : ""));
        for (String side : List.of("gateway", "floor")) {
            String windows = r.getProperty("p4." + side + ".warmupWindows");
            if (windows != null) {
                table.add("P4   warm-up of the " + (side.equals("gateway") ? "suite" : "floor") + ": answers/s per "
                        + r.getProperty("p4." + side + ".warmupWindowSeconds", "?") + " s window: " + windows);
            }
        }
        p4.put("questions", Integer.parseInt(r.getProperty("p4.questions")));
        return p4;
    }

    // ------------------------------------------------------------------ helpers

    /** chat-service's extractive settings and default top K, as chat-service reads them (its properties, then the environment). */
    record Extractive(int maxSentences, double relativeThreshold, int snippetChars, int topK) {

        ExtractiveAnswerer answerer() {
            return new ExtractiveAnswerer(maxSentences, relativeThreshold, snippetChars);
        }
    }

    /**
     * Each setting as chat-service would read it: the environment (RAG_CHAT_EXTRACTIVE_MAX_SENTENCES, ...), then
     * chat-service's application.properties, then the default declared on {@link ChatConfig.Extractive} (read
     * from its {@code @WithDefault}; the mapping itself is generated by Quarkus at build time, not here).
     */
    static Extractive extractiveConfig() throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(chatProperties(), "chat-service application.properties", 250))
                .addSystemSources()
                .build();
        String prefix = "rag.chat.extractive.";
        return new Extractive(
                config.getOptionalValue(prefix + "max-sentences", Integer.class).orElse(Integer.parseInt(declaredDefault("maxSentences"))),
                config.getOptionalValue(prefix + "relative-threshold", Double.class)
                        .orElse(Double.parseDouble(declaredDefault("relativeThreshold"))),
                config.getOptionalValue(prefix + "snippet-chars", Integer.class).orElse(Integer.parseInt(declaredDefault("snippetChars"))),
                config.getValue("rag.chat.default-top-k", Integer.class));
    }

    /** ", steady" or ", still rising at its limit", from a side's warm-up figures. */
    private static String steadiness(Properties r, String prefix) {
        String steady = r.getProperty(prefix + ".warmupSteady");
        return steady == null ? "" : Boolean.parseBoolean(steady) ? ", steady" : ", still rising at its limit";
    }

    private static String declaredDefault(String setting) {
        try {
            WithDefault declared = ChatConfig.Extractive.class.getMethod(setting).getAnnotation(WithDefault.class);
            if (declared == null) {
                throw new IllegalStateException("ChatConfig.Extractive." + setting + " declares no default");
            }
            return declared.value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("ChatConfig.Extractive has no setting " + setting, e);
        }
    }

    /** chat-service's own application.properties (vector-service's, on the same class path, has the same name). */
    private static Properties chatProperties() throws IOException {
        String base = ChatConfig.class.getProtectionDomain().getCodeSource().getLocation().toString();
        var found = ChatVsFloor.class.getClassLoader().getResources("application.properties");
        while (found.hasMoreElements()) {
            URL url = found.nextElement();
            if (url.toString().startsWith(base) || url.toString().startsWith("jar:" + base + "!")) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                return p;
            }
        }
        throw new IOException("chat-service's application.properties is not on the class path (" + base + ")");
    }

    /** vector-service's classes log through JBoss Logging, as in the service (set before anything logs). */
    private static void useJBossLogManager() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }

    /** The subject (user id) of a JWT, read from its payload: the owner id vector-service filters by. */
    static String subject(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IOException("not a JWT");
        }
        String sub = SuiteClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("sub").asText();
        if (sub.isEmpty()) {
            throw new IOException("a JWT without a subject");
        }
        return sub;
    }

    private static JsonNode internalGet(String url, String internalToken) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Internal-Token", internalToken).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return SuiteClient.JSON.readTree(response.body());
    }
}
