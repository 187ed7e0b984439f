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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What the bench and the evaluation do with a running suite: register and log in a fresh user through
 * the gateway, upload files straight to ingest-service (so the gateway's per-user budgets do not shape
 * a run) and poll until they are indexed or failed, and post JSON to any service with the user's JWT.
 * Every request has a timeout.
 */
final class SuiteClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench passphrase for ingest 1";

    private final String gateway;
    private final String ingest;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    SuiteClient(String gateway, String ingest) {
        this.gateway = gateway;
        this.ingest = ingest;
    }

    /** One uploaded file and the document id ingest-service gave it. */
    record Upload(Path file, String id) {
    }

    /** Registers a fresh user whose email starts with {@code prefix} and keeps its access token. */
    void login(String prefix) throws IOException, InterruptedException {
        String email = prefix + "-" + UUID.randomUUID() + "@example.test";
        send(HttpRequest.newBuilder(URI.create(gateway + "/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("email", email, "password", PASSWORD, "displayName", "Bench")))), 201, 30);
        loginAs(email, PASSWORD);
    }

    /** Logs in an existing user (P4: the bench suite's first admin) and keeps its access token. */
    void loginAs(String email, String password) throws IOException, InterruptedException {
        JsonNode login = send(HttpRequest.newBuilder(URI.create(gateway + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("email", email, "password", password)))), 200, 30);
        token = login.path("accessToken").asText();
        if (token.isEmpty()) {
            throw new IOException("the login answered without an access token");
        }
    }

    String token() {
        return token;
    }

    String gateway() {
        return gateway;
    }

    String ingest() {
        return ingest;
    }

    Upload upload(Path file) throws IOException, InterruptedException {
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

    /** Polls the documents until each of {@code uploads} is indexed or failed; the latest view of every document by id. */
    Map<String, JsonNode> awaitFinished(List<Upload> uploads, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        Map<String, JsonNode> latest = new HashMap<>();
        long reported = 0;
        while (true) {
            latest.clear();
            for (int page = 0; ; page++) {
                JsonNode list = send(HttpRequest.newBuilder(URI.create(ingest + "/api/documents?size=100&page=" + page))
                        .header("Authorization", "Bearer " + token).GET(), 200, 30);
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

    /** POSTs {@code body} as JSON with the user's JWT (and {@code extraHeaders}); the answer must be 200. */
    JsonNode postJson(String url, Object body, Map<String, String> extraHeaders, long timeoutSeconds)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        extraHeaders.forEach(request::header);
        return send(request, 200, timeoutSeconds);
    }

    /** Sends {@code body} (null: none) as JSON with the user's JWT to {@code method url}; the answer must be {@code expected}. */
    JsonNode call(String method, String url, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return send(request, expected, 60);
    }

    private JsonNode send(HttpRequest.Builder request, int expected, long timeoutSeconds) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(timeoutSeconds)).build(),
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
}
