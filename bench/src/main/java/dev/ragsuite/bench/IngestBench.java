package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.bench.SuiteClient.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/**
 * Ingestion throughput of a running suite: registers a fresh bench user, uploads the largest file
 * of the corpus alone (its upload-to-indexed time is the latency figure: a document is searchable
 * the moment it is {@code indexed}, since its chunks are activated in the same step), then every
 * other file at once, and waits until all are indexed or failed. Times come from the server's own
 * {@code createdAt} / {@code indexedAt} stamps, so polling granularity does not distort them.
 *
 * <p>{@link #warmUp} first ingests part of the corpus as another user and deletes it again, so that the
 * measured run finds the services' code compiled, as P1 and P4 find it after their warm-ups.
 */
final class IngestBench {

    private final SuiteClient suite;
    private final long timeoutSeconds;
    private final boolean largestAlone;

    /** What one run measured: its table rows, and the overall figures ({@code chunksPerS} 0 when nothing was indexed). */
    record Result(List<String> table, int indexed, int failed, long chunks, double seconds, double chunksPerS) {
    }

    /**
     * {@code largestAlone}: upload the largest file alone first and wait for it (its upload-to-indexed
     * time is reported), then the others at once; otherwise every file at once, so the overall figure
     * is pure throughput ({@code ./rag bench all}, P2).
     */
    IngestBench(String gateway, String ingest, long timeoutSeconds, boolean largestAlone) {
        this.suite = new SuiteClient(gateway, ingest);
        this.timeoutSeconds = timeoutSeconds;
        this.largestAlone = largestAlone;
    }

    Result run(List<Path> files) throws Exception {
        suite.login("bench");
        Path largest = files.stream().max(Comparator.comparingLong(IngestBench::size)).orElseThrow();
        List<Upload> uploads = new ArrayList<>();

        Upload solo = null;
        JsonNode largestDoc = null;
        Map<String, JsonNode> done;
        if (largestAlone) {
            solo = suite.upload(largest);
            uploads.add(solo);
            done = suite.awaitFinished(List.of(solo), timeoutSeconds);
            largestDoc = done.get(solo.id());
        }
        for (Path file : files) {
            if (!largestAlone || !file.equals(largest)) {
                uploads.add(suite.upload(file));
            }
        }
        done = suite.awaitFinished(uploads, timeoutSeconds);

        Tally tally = tally(uploads, done, solo);
        tally.failures().forEach(f -> System.err.println("not indexed: " + f));
        int indexed = tally.indexed();
        int failed = tally.failures().size();
        long chunks = tally.chunks();
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-62s %s", "corpus files / indexed / failed",
                uploads.size() + " / " + indexed + " / " + failed));
        if (tally.first() == null) {
            table.add("nothing was indexed");
            return new Result(table, indexed, failed, chunks, 0, 0);
        }
        double seconds = Duration.between(tally.first(), tally.last()).toMillis() / 1000.0;
        table.add(row("ingest: wall time, first upload → last indexed", seconds, "s"));
        table.add(row("ingest: documents/s (overall)", indexed / seconds, "docs/s"));
        table.add(row("ingest: chunks/s (overall)", chunks / seconds, "chunks/s"));
        table.add(row("ingest: chunks total", chunks, "chunks"));
        table.add(row("ingest: bytes/s (overall)", tally.bytes() / seconds, "B/s"));
        if (largestAlone && tally.firstOfOthers() != null) {
            double batch = Duration.between(tally.firstOfOthers(), tally.last()).toMillis() / 1000.0;
            table.add(row("ingest: other " + (uploads.size() - 1) + " uploaded at once, wall time", batch, "s"));
        }
        if (largestDoc != null && "indexed".equals(largestDoc.path("status").asText())) {
            double latency = Duration.between(Instant.parse(largestDoc.path("createdAt").asText()),
                    Instant.parse(largestDoc.path("indexedAt").asText())).toMillis() / 1000.0;
            table.add(row("largest (" + largest.getFileName() + ", " + size(largest) / 1024 + " KiB, "
                    + largestDoc.path("chunkCount").asLong() + " chunks) upload → searchable, alone", latency, "s"));
        }
        return new Result(table, indexed, failed, chunks, seconds, chunks / seconds);
    }

    /**
     * Ingests one file in {@code every} (by name; 1: every file) as a fresh user of its own, waits until they are
     * indexed, and deletes them again (each delete reaches vector-service before it answers); returns its table rows, among
     * them the rate of this first, cold pass. Nothing of it stays in the index the measured run writes to (only
     * deleted chunks, which no reader of the index sees), and the embedding cache is kept per owner, so the
     * measured run embeds every chunk again.
     */
    List<String> warmUp(List<Path> files, int every) throws Exception {
        List<Path> chosen = new ArrayList<>();
        List<Path> sorted = files.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i += every) {
            chosen.add(sorted.get(i));
        }
        SuiteClient warm = new SuiteClient(suite.gateway(), suite.ingest());
        warm.login("bench-warmup");
        List<Upload> uploads = new ArrayList<>();
        for (Path file : chosen) {
            uploads.add(warm.upload(file));
        }
        Map<String, JsonNode> done = warm.awaitFinished(uploads, timeoutSeconds);
        Tally tally = tally(uploads, done, null);
        if (!tally.failures().isEmpty()) {
            throw new IOException("warm-up: not indexed: " + String.join("; ", tally.failures()));
        }
        long chunks = tally.chunks();
        for (Upload u : uploads) {
            warm.call("DELETE", suite.ingest() + "/api/documents/" + u.id(), null, 200);
        }
        double seconds = Duration.between(tally.first(), tally.last()).toMillis() / 1000.0;
        return List.of(
                String.format(Locale.ROOT, "%-62s %s", "warm-up: " + (every == 1 ? "the corpus" : "one file in " + every)
                        + " as another user, deleted after", uploads.size() + " files, " + chunks + " chunks"),
                row("warm-up: chunks/s (the first pass: services not warm yet)", chunks / seconds, "chunks/s"));
    }

    /**
     * The finished uploads summed up: how many were indexed, a line for each that was not, the indexed ones'
     * chunks and bytes, their earliest upload and latest indexing, and the earliest upload among all but
     * {@code except} (null when there is none).
     */
    private record Tally(int indexed, List<String> failures, long chunks, long bytes, Instant first, Instant last,
            Instant firstOfOthers) {
    }

    private static Tally tally(List<Upload> uploads, Map<String, JsonNode> done, Upload except) {
        int indexed = 0;
        List<String> failures = new ArrayList<>();
        long chunks = 0;
        long bytes = 0;
        Instant first = null;
        Instant last = null;
        Instant firstOfOthers = null;
        for (Upload u : uploads) {
            JsonNode doc = done.get(u.id());
            if (!"indexed".equals(doc.path("status").asText())) {
                failures.add(u.file().getFileName() + " → " + doc.path("status").asText() + " "
                        + doc.path("lastError").asText(doc.path("error").asText("")));
                continue;
            }
            indexed++;
            chunks += doc.path("chunkCount").asLong();
            bytes += size(u.file());
            Instant created = Instant.parse(doc.path("createdAt").asText());
            Instant indexedAt = Instant.parse(doc.path("indexedAt").asText());
            first = first == null || created.isBefore(first) ? created : first;
            last = last == null || indexedAt.isAfter(last) ? indexedAt : last;
            if (u != except) {
                firstOfOthers = firstOfOthers == null || created.isBefore(firstOfOthers) ? created : firstOfOthers;
            }
        }
        return new Tally(indexed, failures, chunks, bytes, first, last, firstOfOthers);
    }

    static String row(String label, double value, String unit) {
        return String.format(Locale.ROOT, "%-62s %10.2f %s", label, value, unit);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
