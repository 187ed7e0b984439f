package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.e2e.IngestBackstage.Job;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Graceful shutdown under load: SIGTERM (what `./rag down`, Compose and Kubernetes send) to an
 * ingestion worker holding a job, and to the gateway in the middle of an upload. The worker must
 * exit within the grace period, and its document must end {@code indexed} exactly once — finished
 * by the stopping worker, or released by it and taken over by the other replica. The upload must
 * complete. Exit times go to the suite report. The stopped gateway is started again afterwards.
 */
@Order(7)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulShutdownIT {

    /**
     * The shortest kill deadline the deployments give a service after SIGTERM: Compose's
     * stop_grace_period 30 s (Kubernetes: terminationGracePeriodSeconds 40 minus a 5 s preStop).
     */
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final long FINISH_WITHIN_MILLIS = 240_000;
    private static final String PASSWORD = "graceful shutdown passphrase 7";
    /** Copies of the fixture per document: enough 64-chunk batches that a job lasts well past its first steps. */
    private static final int COPIES = 6;

    private static Suite suite;
    private static IngestBackstage backstage;
    private static String token;
    private static String ownerId;
    private static String article;
    private static final List<String> uploaded = new ArrayList<>();

    @BeforeAll
    static void aUser() throws IOException {
        suite = SuiteExtension.suite();
        backstage = new IngestBackstage(suite);
        try (InputStream in = GracefulShutdownIT.class.getResourceAsStream("/fixtures/Nikola_Tesla.md")) {
            article = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SuiteUser user = SuiteUser.register("Graceful", PASSWORD);
        token = user.token();
        ownerId = user.id();
    }

    @AfterAll
    static void restoreTheSuite() {
        suite.launcher("up"); // starts whatever a test stopped (the gateway), leaves the rest alone
        for (String id : uploaded) { // later classes count documents and vectors of their own users only, but tidy up
            given().auth().oauth2(token).delete("/api/documents/" + id);
        }
    }

    @Test
    @Order(1)
    void aWorkerStoppedMidJobExitsInTimeAndItsDocumentEndsIndexedOnce() throws Exception {
        stopAWorkerMidJob("ingest-worker-graceful", Map.of(), 1);
    }

    /**
     * A grace of 1 s forces the other outcome: the job gives itself back and the suite's worker takes
     * it over. The release wait is long enough for the batch in progress even on a loaded machine.
     */
    @Test
    @Order(2)
    void aWorkerOutOfGraceReleasesItsJobToTheOtherReplica() throws Exception {
        // caught with at least five 64-chunk batches of new text to go, so it cannot simply finish within
        // the 1 s grace plus its 0.5 s read block (the model embeds well under 300 chunks a second here)
        String path = stopAWorkerMidJob("ingest-worker-releasing", Map.of(
                "RAG_INGEST_WORKER_SHUTDOWN_GRACE", "1S", "RAG_INGEST_WORKER_BLOCK", "500ms",
                "RAG_INGEST_WORKER_SHUTDOWN_RELEASE_WAIT", "20S"), 5 * 64);
        assertEquals("released to the other replica", path, "with a 1 s grace the job must be released");
    }

    /** The suite's gateway gets SIGTERM while an upload's body is still arriving: the upload completes (202). */
    @Test
    @Order(3)
    void anUploadInFlightWhenTheGatewayIsStoppedCompletes() throws Exception {
        byte[] body = multipart("in-flight.md", article.getBytes(StandardCharsets.UTF_8));
        int half = body.length / 2;
        try (Socket socket = new Socket("127.0.0.1", suite.portBase)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:" + suite.portBase
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            TimeUnit.MILLISECONDS.sleep(500); // the gateway has the request and half its body

            long signalled = System.nanoTime();
            CompletableFuture<Duration> exit = CompletableFuture.supplyAsync(() -> suite.terminateService("gateway", GRACE));
            TimeUnit.MILLISECONDS.sleep(1500); // shutdown under way, the rest of the body not sent yet
            assertTrue(!exit.isDone(), "the gateway exited with a request in flight");
            out.write(body, half, body.length - half);
            out.flush();

            String response = readAll(socket.getInputStream());
            long answeredAfter = (System.nanoTime() - signalled) / 1_000_000;
            Duration exited = exit.get(GRACE.toSeconds() + 10, TimeUnit.SECONDS);
            suite.report.add("graceful shutdown: gateway SIGTERMed mid-upload answered it after " + answeredAfter
                    + " ms and exited " + exited.toMillis() + " ms after the signal (limit " + GRACE.toSeconds() + " s)");
            assertTrue(response.startsWith("HTTP/1.1 202"), "the in-flight upload must complete: " + firstLine(response));
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(response);
            assertTrue(id.find(), "a document id in " + response);
            uploaded.add(id.group(1));
        }
        suite.launcher("up"); // the gateway again, for the check and for later classes
        String id = uploaded.get(uploaded.size() - 1);
        Map<String, Job> end = awaitFinished(List.of(id));
        assertEquals("indexed", end.get(id).status(), "the upload accepted during shutdown is indexed");
    }

    // ------------------------------------------------------------------------------------ steps

    /**
     * Starts a worker-only replica, uploads documents, waits until it holds one in processing with
     * at least {@code chunksToGo} chunks still to embed, SIGTERMs it, and checks the exit time and
     * that every document ends indexed exactly once.
     *
     * @return what became of the held job: "finished by the stopping worker", "released to the other
     *         replica" or "cut off at exit ..." (a single step outlasting the release wait)
     */
    private static String stopAWorkerMidJob(String name, Map<String, String> settings, int chunksToGo) throws Exception {
        ExtraIngestWorker worker = new ExtraIngestWorker(suite, name);
        settings.forEach(worker::with);
        worker.start();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(upload(name + "-" + i + ".md"));
            }
            String held = awaitHeldBy(worker.pid(), ids, chunksToGo);
            Job atSignal = backstage.jobs(List.of(held)).get(held);
            Duration exited = worker.terminate(GRACE);
            String log = Files.readString(worker.log());
            String path = log.contains("Document " + held + " v1 released at shutdown") ? "released to the other replica"
                    : log.contains("Ingestion worker stopped in") ? "finished by the stopping worker"
                    : "cut off at exit (its lease expiring brings it back)";

            Map<String, Job> end = awaitFinished(ids);
            suite.report.add("graceful shutdown: worker " + name + " SIGTERMed holding a job at " + atSignal.done() + "/"
                    + atSignal.total() + " chunks exited in " + exited.toMillis() + " ms (limit " + GRACE.toSeconds()
                    + " s); its job was " + path + "; documents " + describe(end));
            for (String id : ids) {
                assertIndexedOnce(id, end.get(id));
            }
            return path;
        } finally {
            worker.close();
        }
    }

    private static String upload(String fileName) {
        StringBuilder text = new StringBuilder("# Copy for ").append(fileName).append("\n\n");
        // every paragraph made unique: chunks seen before come from the embedding cache in microseconds,
        // and a job of cached chunks ends before any shutdown grace runs out
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < COPIES; i++) {
            for (String paragraph : article.split("\n\n")) {
                text.append(paragraph.strip()).append(" (").append(run).append('-').append(i).append(")\n\n");
            }
        }
        String id = backstage.upload(token, fileName, text.toString().getBytes(StandardCharsets.UTF_8), "text/markdown");
        uploaded.add(id);
        return id;
    }

    /** Waits until one of the documents is being processed, {@code chunksToGo} or more chunks to go, from an entry delivered to process {@code pid}. */
    private static String awaitHeldBy(long pid, List<String> ids, int chunksToGo) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            Set<String> pending = backstage.documentsPendingFor(pid);
            Map<String, Job> jobs = backstage.jobs(ids);
            for (String id : ids) {
                Job job = jobs.get(id);
                if (pending.contains(id) && job != null && "processing".equals(job.status()) && job.done() > 0
                        && job.total() - job.done() >= chunksToGo) {
                    return id;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the worker (pid " + pid + ") was never seen mid-job within 120 s: "
                + describe(backstage.jobs(ids)));
    }

    private static Map<String, Job> awaitFinished(List<String> ids) throws InterruptedException {
        long deadline = System.currentTimeMillis() + FINISH_WITHIN_MILLIS;
        Map<String, Job> jobs = backstage.jobs(ids);
        while (System.currentTimeMillis() < deadline
                && !jobs.values().stream().allMatch(j -> "indexed".equals(j.status()) || "failed".equals(j.status()))) {
            TimeUnit.MILLISECONDS.sleep(500);
            jobs = backstage.jobs(ids);
        }
        return jobs;
    }

    /** Indexed, and vector-service holds exactly its chunkCount active chunks and nothing staged. */
    private static void assertIndexedOnce(String id, Job job) {
        assertEquals("indexed", job == null ? null : job.status(), id + " must end indexed: " + job);
        JsonPath view = given().auth().oauth2(token).get("/api/documents/" + id).then().statusCode(200).extract().jsonPath();
        int chunks = view.getInt("chunkCount");
        Map<String, Object> stats = backstage.stats(id, ownerId);
        assertTrue(chunks > 0, id + " has chunks");
        assertEquals(chunks, ((Number) stats.get("vectors")).intValue(), id + ": vectors in the index = chunkCount " + stats);
        assertEquals(0, ((Number) stats.get("staged")).intValue(), id + ": nothing left staged " + stats);
    }

    private static String describe(Map<String, Job> jobs) {
        return jobs.values().stream().map(j -> j.status() + " " + j.done() + "/" + j.total() + " attempts " + j.attempts())
                .sorted().toList().toString();
    }

    private static final String BOUNDARY = "graceful" + UUID.randomUUID().toString().replace("-", "");

    private static byte[] multipart(String fileName, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/markdown\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String firstLine(String response) {
        int end = response.indexOf('\r');
        return end < 0 ? response : response.substring(0, end);
    }
}
