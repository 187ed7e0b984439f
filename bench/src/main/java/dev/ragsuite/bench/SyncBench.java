package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.testing.Board;
import dev.ragsuite.testing.ClickUpStandIn;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./rag bench sync [--tasks N]}: the ClickUp connector's sync throughput against the ClickUp stand-in
 * (a WireMock stand-in of ClickUp's API, on the port the suite's {@code RAG_CLICKUP_API_URL} names): N tasks
 * with two comments each in one list. Measures the first sync (every task read with its comments, rendered,
 * registered and queued), the time until every document is indexed, an incremental sync with nothing changed,
 * and a full pass over unchanged tasks. The stand-in answers in microseconds, so this is the suite's own cost,
 * not ClickUp's (whose rate limit, 100 requests a minute per token on the free plan, would dominate: one
 * call per 100 tasks plus one per task for its comments).
 */
final class SyncBench {

    /** {@code --gateway URL --ingest URL --clickup-port P [--tasks N] [--out FILE]}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String gateway = options.getOrDefault("gateway", "http://127.0.0.1:8080");
        int tasks = Integer.parseInt(options.getOrDefault("tasks", "1000"));
        List<String> table = new ArrayList<>();
        table.add("# rag bench sync, " + tasks + " ClickUp tasks (stand-in) at " + java.time.Instant.now() + " ("
                + Runtime.getRuntime().availableProcessors() + " CPUs, load " + Bench.loadAverage() + ")");
        table.addAll(new SyncBench(new SuiteClient(gateway, options.getOrDefault("ingest", "http://127.0.0.1:8082")), gateway,
                Integer.parseInt(options.get("clickup-port")), tasks).run());
        table.add("# load average at the end: " + Bench.loadAverage());
        table.forEach(System.out::println);
        Bench.appendReport(table, options.get("out"), System.out);
    }

    private final SuiteClient suite;
    private final String gateway;
    private final int port;
    private final int tasks;

    SyncBench(SuiteClient suite, String gateway, int clickUpPort, int tasks) {
        this.suite = suite;
        this.gateway = gateway;
        this.port = clickUpPort;
        this.tasks = tasks;
    }

    List<String> run() throws IOException, InterruptedException {
        List<String> table = new ArrayList<>();
        try (ClickUpStandIn clickUp = ClickUpStandIn.start(port)) {
            String token = clickUp.newToken();
            clickUp.hierarchy(token);
            Board board = clickUp.board(token);
            long anHourAgo = System.currentTimeMillis() - 3_600_000;
            for (int i = 0; i < tasks; i++) {
                String id = "86bench" + i;
                board.put(ClickUpStandIn.LIST, ClickUpStandIn.task(id, "Bench task " + i,
                        "Task " + i + " of the sync bench: plan, review and ship part " + i + " of the release.", anHourAgo));
                board.comments(id, List.of(ClickUpStandIn.comment(id + "c2", "Reviewed part " + i + ".", anHourAgo + 2000),
                        ClickUpStandIn.comment(id + "c1", "Started part " + i + ".", anHourAgo + 1000)));
            }
            suite.login("bench-sync");
            String connection = suite.call("POST", gateway + "/api/connectors", Map.of("type", "clickup", "token", token,
                    "workspaceId", ClickUpStandIn.WORKSPACE, "listIds", List.of(ClickUpStandIn.LIST)), 201).path("id").asText();

            long start = System.nanoTime();
            JsonNode first = sync(connection, false, null);
            int callsFirst = board.calls();
            List<SuiteClient.Upload> documents = new ArrayList<>();
            for (int page = 0; documents.size() < tasks; page++) {
                JsonNode list = suite.call("GET", gateway + "/api/documents?size=100&page=" + page, null, 200);
                list.path("items").forEach(d -> documents.add(new SuiteClient.Upload(null, d.path("id").asText())));
                if (list.path("items").isEmpty()) {
                    break;
                }
            }
            suite.awaitFinished(documents, 3600);
            double indexedS = (System.nanoTime() - start) / 1e9;
            int callsBefore = board.calls();
            JsonNode quiet = sync(connection, false, first.path("sync").path("startedAt").asText());
            int callsQuiet = board.calls() - callsBefore;
            JsonNode full = sync(connection, true, quiet.path("sync").path("startedAt").asText());
            int callsFull = board.calls() - callsBefore - callsQuiet;

            table.add(String.format("| sync step | tasks | ClickUp calls | seconds | tasks/s |"));
            table.add("|---|---:|---:|---:|---:|");
            table.add(row("first sync (read, comments, render, register, queue)", first, callsFirst));
            table.add(String.format("| first sync until every document is indexed | %d | %d | %.1f | %.1f |", documents.size(),
                    callsFirst, indexedS, documents.size() / indexedS));
            table.add(row("incremental sync, nothing changed", quiet, callsQuiet));
            table.add(row("full pass, nothing changed (no comments read)", full, callsFull));
        }
        return table;
    }

    private String row(String what, JsonNode connection, int calls) {
        JsonNode last = connection.path("sync").path("last");
        double seconds = last.path("millis").asLong() / 1000.0;
        int read = last.path("tasks").asInt();
        return String.format("| %s | %d | %d | %.2f | %s |", what, read, calls, seconds,
                read == 0 || seconds == 0 ? "–" : String.format("%.1f", read / seconds));
    }

    /** Asks for a sync and waits until one that started after {@code after} ended idle. */
    private JsonNode sync(String connection, boolean full, String after) throws IOException, InterruptedException {
        suite.call("POST", gateway + "/api/connectors/" + connection + "/sync" + (full ? "?full=true" : ""), null, 202);
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode c = suite.call("GET", gateway + "/api/connectors/" + connection, null, 200);
            String started = c.path("sync").path("startedAt").asText(null);
            if (started != null && !started.equals(after) && c.path("sync").path("requestedAt").isNull()
                    && !"syncing".equals(c.path("status").asText())) {
                if (!"idle".equals(c.path("status").asText())) {
                    throw new IOException("the sync ended " + c.path("status").asText() + ": " + c.path("lastError").asText());
                }
                return c;
            }
            Thread.sleep(200);
        }
        throw new IOException("the sync did not end within an hour");
    }
}
