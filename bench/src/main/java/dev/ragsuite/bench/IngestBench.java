package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Ingestion throughput of a running suite: registers a fresh bench user, uploads the largest file
 * of the corpus alone (its upload-to-indexed time is the latency figure: a document is searchable
 * the moment it is {@code indexed}, since its chunks are activated in the same step), then every
 * other file at once, and waits until all are indexed or failed. Times come from the server's own
 * {@code createdAt} / {@code indexedAt} stamps, so polling granularity does not distort them.
 */
final class IngestBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench passphrase for ingest 1";

    private final String gateway;
    private final String ingest;
    private final long timeoutSeconds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    IngestBench(String gateway, String ingest, long timeoutSeconds) {
        this.gateway = gateway;
        this.ingest = ingest;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** One uploaded file and what became of it. */
    private record Upload(Path file, String id) {
    }

    List<String> run(List<Path> files) throws Exception {
        login();
        Path largest = files.stream().max(Comparator.comparingLong(IngestBench::size)).orElseThrow();
        List<Upload> uploads = new ArrayList<>();

        Upload solo = upload(largest);
        uploads.add(solo);
        Map<String, JsonNode> done = awaitFinished(List.of(solo));
        JsonNode largestDoc = done.get(solo.id());

        for (Path file : files) {
            if (!file.equals(largest)) {
                uploads.add(upload(file));
            }
        }
        done = awaitFinished(uploads);

        int indexed = 0;
        int failed = 0;
        long chunks = 0;
        Instant first = null;
        Instant last = null;
        Instant batchFirst = null;
        long chars = 0;
        for (Upload u : uploads) {
            JsonNode doc = done.get(u.id());
            if (!"indexed".equals(doc.path("status").asText())) {
                failed++;
                System.err.println("not indexed: " + u.file().getFileName() + " → " + doc.path("status").asText()
                        + " " + doc.path("lastError").asText(doc.path("error").asText("")));
                continue;
            }
            indexed++;
            chunks += doc.path("chunkCount").asLong();
            chars += size(u.file());
            Instant created = Instant.parse(doc.path("createdAt").asText());
            Instant indexedAt = Instant.parse(doc.path("indexedAt").asText());
            first = first == null || created.isBefore(first) ? created : first;
            last = last == null || indexedAt.isAfter(last) ? indexedAt : last;
            if (u != solo) {
                batchFirst = batchFirst == null || created.isBefore(batchFirst) ? created : batchFirst;
            }
        }
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-62s %s", "corpus files / indexed / failed",
                uploads.size() + " / " + indexed + " / " + failed));
        if (first == null) {
            table.add("nothing was indexed");
            return table;
        }
        double seconds = Duration.between(first, last).toMillis() / 1000.0;
        table.add(row("ingest: wall time, first upload → last indexed", seconds, "s"));
        table.add(row("ingest: documents/s (overall)", indexed / seconds, "docs/s"));
        table.add(row("ingest: chunks/s (overall)", chunks / seconds, "chunks/s"));
        table.add(row("ingest: chunks total", chunks, "chunks"));
        table.add(row("ingest: bytes/s (overall)", chars / seconds, "B/s"));
        if (batchFirst != null) {
            double batch = Duration.between(batchFirst, last).toMillis() / 1000.0;
            table.add(row("ingest: other " + (uploads.size() - 1) + " uploaded at once, wall time", batch, "s"));
        }
        if ("indexed".equals(largestDoc.path("status").asText())) {
            double latency = Duration.between(Instant.parse(largestDoc.path("createdAt").asText()),
                    Instant.parse(largestDoc.path("indexedAt").asText())).toMillis() / 1000.0;
            table.add(row("largest (" + largest.getFileName() + ", " + size(largest) / 1024 + " KiB, "
                    + largestDoc.path("chunkCount").asLong() + " chunks) upload → searchable, alone", latency, "s"));
        }
        return table;
    }

    static String row(String label, double value, String unit) {
        return String.format(Locale.ROOT, "%-62s %10.2f %s", label, value, unit);
    }

    private void login() throws IOException, InterruptedException {
        String email = "bench-" + UUID.randomUUID() + "@example.test";
        send(HttpRequest.newBuilder(URI.create(gateway + "/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("email", email, "password", PASSWORD, "displayName", "Bench")))), 201);
        JsonNode login = send(HttpRequest.newBuilder(URI.create(gateway + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("email", email, "password", PASSWORD)))), 200);
        token = login.path("accessToken").asText();
    }

    private Upload upload(Path file) throws IOException, InterruptedException {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: " + contentType(file)
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingest + "/api/documents"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new IOException("upload of " + file + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Upload(file, JSON.readTree(response.body()).path("id").asText());
    }

    /** Polls the documents until each of {@code uploads} is indexed or failed. */
    private Map<String, JsonNode> awaitFinished(List<Upload> uploads) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        Map<String, JsonNode> latest = new HashMap<>();
        long reported = 0;
        while (true) {
            latest.clear();
            for (int page = 0; ; page++) {
                JsonNode list = send(HttpRequest.newBuilder(URI.create(ingest + "/api/documents?size=100&page=" + page))
                        .header("Authorization", "Bearer " + token).GET(), 200);
                list.path("items").forEach(d -> latest.put(d.path("id").asText(), d));
                if ((page + 1) * 100L >= list.path("total").asLong()) {
                    break;
                }
            }
            long finished = uploads.stream().map(u -> latest.get(u.id()))
                    .filter(d -> d != null && ("indexed".equals(d.path("status").asText()) || "failed".equals(d.path("status").asText())))
                    .count();
            if (finished == uploads.size()) {
                return latest;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(finished + " of " + uploads.size() + " documents finished within " + timeoutSeconds + " s");
            }
            if (finished != reported) {
                System.err.printf("  %d/%d documents finished%n", finished, uploads.size());
                reported = finished;
            }
            Thread.sleep(500);
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            return "text/markdown";
        } else if (name.endsWith(".txt")) {
            return "text/plain";
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            return "text/html";
        } else if (name.endsWith(".pdf")) {
            return "application/pdf";
        }
        return "application/octet-stream"; // ingest-service sniffs the type from the bytes anyway
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
