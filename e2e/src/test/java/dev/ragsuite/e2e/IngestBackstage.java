package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the resilience test looks at behind the gateway: the job rows in PostgreSQL (the job
 * truth, readable while ingest-service is dead), vector-service's search and per-document stats
 * (called directly with the internal token, as chat-service does), and the suite's Redis
 * database (flushed to simulate a Redis restart without persistence).
 */
final class IngestBackstage {

    /** One job row: state and embedding progress. */
    record Job(String status, int done, int total, int attempts) {
    }

    /** One search hit, reduced to what the test checks. */
    record Hit(String documentId, String text) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** ingest-service's job stream and consumer group (rag.ingest.streams.*, defaults). */
    private static final String JOB_STREAM = "rag:ingest:jobs";
    private static final String JOB_GROUP = "ingest-workers";

    private final Suite suite;

    IngestBackstage(Suite suite) {
        this.suite = suite;
    }

    /**
     * Uploads through the gateway with a Content-Length (the gateway's byte quota refuses chunked
     * uploads with 411, and REST Assured always sends multipart bodies chunked).
     *
     * @return the new document's id
     */
    String upload(String userToken, String fileName, byte[] content, String contentType) {
        String boundary = "e2e" + UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/api/documents"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + userToken)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new AssertionError("upload of " + fileName + " answered " + response.statusCode() + ": " + response.body());
            }
            return JsonPath.from(response.body()).getString("id");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The job rows of the given documents, read from ingest-service's schema. */
    Map<String, Job> jobs(List<String> ids) {
        Map<String, Job> jobs = new HashMap<>();
        try (Connection c = DriverManager.getConnection(suite.jdbcUrl(), "postgres", null);
                PreparedStatement st = c.prepareStatement("select id::text, status, progress_done, progress_total, attempts"
                        + " from ingest.documents where id = any (?)")) {
            st.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    jobs.put(rs.getString(1), new Job(rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading ingest.documents failed", e);
        }
        return jobs;
    }

    /** The user's hybrid search straight at vector-service (what chat-service retrieves from). */
    List<Hit> search(String userToken, String query, int topK) {
        JsonPath body = given().baseUri(suite.serviceUrl("vector-service"))
                .header("X-Internal-Token", suite.internalToken())
                .auth().oauth2(userToken)
                .contentType("application/json")
                .body(Map.of("query", query, "topK", topK))
                .post("/internal/v1/search")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> hits = body.getList("hits");
        return hits.stream().map(h -> new Hit((String) h.get("documentId"), (String) h.get("text"))).toList();
    }

    /** vector-service's count of one document's chunks: {vectors, keywordEntries, staged}. */
    Map<String, Object> stats(String documentId, String ownerId) {
        return given().baseUri(suite.serviceUrl("vector-service"))
                .header("X-Internal-Token", suite.internalToken())
                .queryParam("ownerId", ownerId)
                .get("/internal/v1/documents/" + documentId + "/stats")
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    /**
     * FLUSHDB on the suite's own Redis database only (a restart without persistence, as far as
     * this suite can tell; other databases of the server are left alone).
     */
    void flushRedis() {
        String db = Suite.REDIS_DB;
        String command = resp("SELECT", db) + resp("FLUSHDB");
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String replies = readLines(in, 2);
            if (!replies.equals("+OK\r\n+OK\r\n")) {
                throw new IllegalStateException("Redis answered " + replies.strip() + " to SELECT " + db + " / FLUSHDB");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The documents whose job entries are delivered to, and not yet acknowledged by, the stream
     * consumer of process {@code pid} (consumer names are {@code host-pid}): XPENDING of the job
     * stream's group, then each entry's {@code documentId} field, through redis-cli.
     */
    java.util.Set<String> documentsPendingFor(long pid) {
        List<String> pending = redisCli("XPENDING", JOB_STREAM, JOB_GROUP, "-", "+", "1000");
        java.util.Set<String> documents = new java.util.HashSet<>();
        for (int i = 0; i + 3 < pending.size(); i += 4) { // id, consumer, idle ms, deliveries
            if (pending.get(i + 1).endsWith("-" + pid)) {
                List<String> entry = redisCli("XRANGE", JOB_STREAM, pending.get(i), pending.get(i));
                int field = entry.indexOf("documentId");
                if (field >= 0 && field + 1 < entry.size()) {
                    documents.add(entry.get(field + 1));
                }
            }
        }
        return documents;
    }

    private static List<String> redisCli(String... command) {
        List<String> argv = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379",
                "-n", Suite.REDIS_DB, "--raw"));
        argv.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            List<String> lines;
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                lines = reader.lines().filter(l -> !l.isBlank()).toList();
            }
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + String.join(" ", command) + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("redis-cli is needed (Debian: apt-get install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String resp(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    private static String readLines(InputStream in, int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        int seen = 0;
        while (seen < lines) {
            int ch = in.read();
            if (ch < 0) {
                break;
            }
            b.append((char) ch);
            if (ch == '\n') {
                seen++;
            }
        }
        return b.toString();
    }
}
