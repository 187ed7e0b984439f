package dev.ragsuite.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run against a suite: reads the gateway's OpenAPI document, makes the callers and their ids, then
 * sends requests 0, 1, 2, … from the seed until the count or the time is reached, on a few threads
 * (request i is the same whichever thread sends it), and keeps the report.
 */
public final class Fuzzer {

    /** Settings of a run; {@code seconds} ≤ 0 means no time limit. */
    public record Options(URI gateway, int requests, double seconds, long seed, int threads, long streamBudgetMillis) {
    }

    private final Options options;

    public Fuzzer(Options options) {
        this.options = options;
    }

    public FuzzReport run() throws IOException, InterruptedException {
        JsonNode document = fetchDocument(options.gateway());
        ApiModel model = new ApiModel(document);
        Identities ids = new Identities(options.gateway(), Long.toHexString(options.seed()) + "-"
                + Long.toHexString(System.nanoTime() & 0xffffff)).create();
        RequestGenerator generator = new RequestGenerator(options.seed(), model, ids);
        RawHttp http = new RawHttp(options.gateway().getHost(), port(options.gateway()), 15_000, options.streamBudgetMillis());
        LeakDetector leaks = new LeakDetector();
        FuzzReport report = new FuzzReport(options.seed());
        report.operations = model.operations().size();

        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = options.seconds() > 0 ? started + (long) (options.seconds() * 1e9) : Long.MAX_VALUE;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()));
        for (int t = 0; t < Math.max(1, options.threads()); t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < options.requests() && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    RequestGenerator.Generated g = generator.next(i);
                    RawResponse response = http.send(g.request());
                    report.record(g, response, leaks.find(g.request(), response).orElse(null));
                    keepCallersUsable(g, response, ids);
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination((long) Math.max(options.seconds(), 3600) + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("the fuzzing threads did not finish");
        }
        report.seconds = (System.nanoTime() - started) / 1e9;
        return report;
    }

    /** After a request that may have ended S's sessions, or a USER request refused as unauthenticated. */
    private static void keepCallersUsable(RequestGenerator.Generated g, RawResponse response, Identities ids) {
        if (g.endsSessions() && response.status() / 100 == 2) {
            ids.renewExpendable();
        } else if (g.caller() == RequestGenerator.Caller.USER && !g.endsSessions() && response.status() == 401
                && g.attack() != RequestGenerator.Attack.BAD_HEADERS && !ids.userTokenWorks()) {
            ids.renewUser(); // A's token expired during a long run
        }
    }

    static JsonNode fetchDocument(URI gateway) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gateway.resolve("/api/openapi.json"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/openapi.json answered " + r.statusCode() + ": " + r.body());
        }
        return new ObjectMapper().readTree(r.body());
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
    }
}
