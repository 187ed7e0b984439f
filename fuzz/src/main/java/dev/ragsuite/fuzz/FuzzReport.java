package dev.ragsuite.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a run found: answers by status class and by attack, every 5xx and every leak with its request. */
public final class FuzzReport {

    /** One finding: the request number (to make it again with the seed), the request and the answer. */
    public record Finding(int index, String kind, String request, int status, String answer) {
    }

    public final long seed;
    public final Map<String, Integer> byStatusClass = new TreeMap<>();
    public final Map<Integer, Integer> byStatus = new TreeMap<>();
    public final Map<String, Integer> byAttack = new TreeMap<>();
    public final Map<String, Integer> byCaller = new TreeMap<>();
    public final List<Finding> serverErrors = new ArrayList<>();
    public final List<Finding> leaks = new ArrayList<>();
    public final List<Finding> noAnswers = new ArrayList<>();
    public int requests;
    public int operations;
    public int streamsCut;
    public double seconds;

    FuzzReport(long seed) {
        this.seed = seed;
    }

    synchronized void record(RequestGenerator.Generated g, RawResponse response, String leak) {
        requests++;
        byStatusClass.merge(response.statusClass(), 1, Integer::sum);
        if (response.status() > 0) {
            byStatus.merge(response.status(), 1, Integer::sum);
        }
        byAttack.merge(g.attack().name(), 1, Integer::sum);
        byCaller.merge(g.caller().name(), 1, Integer::sum);
        if (response.streamCut()) {
            streamsCut++;
        }
        String answer = RawRequest.abbreviate(response.body(), 800);
        if (response.status() >= 500) {
            serverErrors.add(new Finding(g.index(), "5xx", g.request().describe(), response.status(), answer));
        }
        if (leak != null) {
            leaks.add(new Finding(g.index(), leak, g.request().describe(), response.status(), answer));
        }
        if (response.status() == 0 && noAnswers.size() < 50) {
            noAnswers.add(new Finding(g.index(), response.error(), g.request().describe(), 0, ""));
        }
    }

    public int count(String statusClass) {
        return byStatusClass.getOrDefault(statusClass, 0);
    }

    public boolean clean() {
        return serverErrors.isEmpty() && leaks.isEmpty();
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("fuzz: %d requests over %d operations in %.1f s (%.0f/s), seed %d%n", requests, operations, seconds,
                requests / Math.max(seconds, 0.001), seed));
        out.append("  by status class: ").append(byStatusClass).append('\n');
        out.append("  by status:       ").append(byStatus).append('\n');
        out.append("  by attack:       ").append(byAttack).append('\n');
        out.append("  by caller:       ").append(byCaller).append('\n');
        out.append(String.format("  streams read for the budget and then cut by the fuzzer: %d%n", streamsCut));
        out.append(String.format("  5xx: %d   leaks: %d   closed without an answer: %d%n", serverErrors.size(), leaks.size(),
                byStatusClass.getOrDefault("no answer", 0)));
        for (Finding f : serverErrors) {
            out.append("\n5xx ").append(f.status()).append(" for request ").append(f.index()).append(":\n").append(f.request())
                    .append("  answer: ").append(f.answer()).append('\n');
        }
        for (Finding f : leaks) {
            out.append("\nLEAK (").append(f.kind()).append(") in the ").append(f.status()).append(" answer to request ")
                    .append(f.index()).append(":\n").append(f.request()).append("  answer: ").append(f.answer()).append('\n');
        }
        for (Finding f : noAnswers.subList(0, Math.min(10, noAnswers.size()))) {
            out.append("\nno answer (").append(f.kind()).append(") to request ").append(f.index()).append(":\n").append(f.request());
        }
        return out.toString();
    }

    public String json() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("seed", seed).put("requests", requests).put("operations", operations).put("seconds", Math.round(seconds * 10) / 10.0);
        ObjectNode classes = o.putObject("byStatusClass");
        byStatusClass.forEach(classes::put);
        ObjectNode statuses = o.putObject("byStatus");
        byStatus.forEach((k, v) -> statuses.put(Integer.toString(k), v));
        o.put("serverErrors", serverErrors.size()).put("leaks", leaks.size()).put("streamsCut", streamsCut);
        o.set("findings", json.valueToTree(List.of(serverErrors, leaks)));
        try {
            return json.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
