package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.e2e.IngestBackstage.Job;
import dev.ragsuite.e2e.VisibilityProbe.Doc;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingestion survives its worst days: a worker process killed with {@code kill -9} in the middle of
 * a document (a separate worker-only replica and the suite's own ingest-service, both at once),
 * and Redis losing every stream entry (FLUSHDB of the suite's database). In both cases every
 * document must end {@code indexed}, exactly once in the index, and no half document may ever be
 * visible in search. The figures (submitted / indexed once / lost) go to the suite report.
 */
@Order(3)
@ExtendWith(SuiteExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestResilienceIT {

    private static final String PASSWORD = "resilient ingest passphrase 7";
    private static final long FINISH_WITHIN_MILLIS = 240_000;

    private static Suite suite;
    private static IngestBackstage backstage;
    private static String token;
    private static String ownerId;
    private static String baseText;

    @BeforeAll
    static void aUserWithAnUploadToken() throws IOException {
        suite = SuiteExtension.suite();
        backstage = new IngestBackstage(suite);
        baseText = fixture("Nikola_Tesla.md");
        SuiteUser user = SuiteUser.register("Resilience", PASSWORD);
        token = user.token();
        ownerId = user.id();
    }

    @Test
    @Order(1)
    void workersKilledMidDocumentLeaveNoPartialChunksAndEveryDocumentEndsIndexedOnce() throws Exception {
        ExtraIngestWorker extra = new ExtraIngestWorker(suite, "ingest-worker-extra").start();
        ExtraIngestWorker restarted = null;
        try {
            List<Doc> docs = upload(5, "kq");
            try (VisibilityProbe probe = new VisibilityProbe(backstage, token, ownerId, docs)) {
                Map<String, Job> atKill = awaitMidDocument(docs);
                extra.kill();
                suite.killService("ingest-service");
                long killedMidDocument = atKill.values().stream().filter(IngestResilienceIT::midDocument).count();
                String killed = "kill -9 of the worker-only replica and of ingest-service with " + killedMidDocument
                        + " document(s) mid-way (" + describe(atKill) + ")";
                suite.report.add("ingest crash test: " + killed);
                assertTrue(killedMidDocument >= 1, "the kill must hit a document mid-way: " + describe(atKill));

                restarted = new ExtraIngestWorker(suite, "ingest-worker-extra-2").launch(); // boots meanwhile
                suite.launcherOutput.clear();
                suite.up(); // starts the missing ingest-service only
                restarted.awaitReady();
                Map<String, Job> end = awaitFinished(docs);
                probe.close();
                Verdict verdict = verify("ingest crash test", docs, end, probe);
                verdict.assertAllIndexedOnce();
                assertTrue(end.values().stream().anyMatch(j -> j.attempts() >= 2),
                        "a document killed mid-way must have been taken up again (attempts >= 2): " + describe(end));
            }
        } finally {
            extra.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    @Order(2)
    void aRedisRestartWithoutPersistenceStrandsNoDocument() throws Exception {
        List<Doc> docs = upload(4, "kr");
        try (VisibilityProbe probe = new VisibilityProbe(backstage, token, ownerId, docs)) {
            Map<String, Job> atFlush = awaitMidDocument(docs);
            backstage.flushRedis();
            suite.report.add("ingest Redis-restart test: FLUSHDB of Redis db " + Suite.REDIS_DB + " with "
                    + describe(atFlush));
            Map<String, Job> end = awaitFinished(docs);
            probe.close();
            verify("ingest Redis-restart test", docs, end, probe).assertAllIndexedOnce();
        }
    }

    // ------------------------------------------------------------------------------------ steps

    /** Uploads {@code count} distinct documents, each with its own marker word in every paragraph. */
    private static List<Doc> upload(int count, String prefix) {
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String marker = prefix + (char) ('a' + i) + "vond" + (char) ('a' + i) + "x";
            String id = backstage.upload(token, "resilience-" + marker + ".md",
                    markedText(marker).getBytes(StandardCharsets.UTF_8), "text/markdown");
            docs.add(new Doc(id, marker));
        }
        return docs;
    }

    /** The Tesla article with "Ledger word <marker>." closing every paragraph, under a heading naming it. */
    private static String markedText(String marker) {
        StringBuilder text = new StringBuilder("# Record ").append(marker).append("\n\n");
        for (String paragraph : baseText.split("\n\\s*\n")) {
            String p = paragraph.strip();
            if (p.isEmpty()) {
                continue;
            }
            text.append(p);
            if (!p.startsWith("#")) {
                text.append(" Ledger word ").append(marker).append('.');
            }
            text.append("\n\n");
        }
        return text.toString();
    }

    /** Waits until a document is processing with part of its chunks embedded (prefers two such). */
    private static Map<String, Job> awaitMidDocument(List<Doc> docs) throws InterruptedException {
        List<String> ids = docs.stream().map(Doc::id).toList();
        long deadline = System.currentTimeMillis() + 120_000;
        long firstSeen = -1;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Job> jobs = backstage.jobs(ids);
            long mid = jobs.values().stream().filter(IngestResilienceIT::midDocument).count();
            if (mid >= 1 && firstSeen < 0) {
                firstSeen = System.currentTimeMillis();
            }
            // two workers: wait a little for both to be mid-way, but never let the chance pass
            if (mid >= 2 || (mid == 1 && System.currentTimeMillis() - firstSeen > 1500)) {
                return jobs;
            }
            assertFalse(jobs.values().stream().allMatch(j -> "indexed".equals(j.status())),
                    "every document was indexed before one could be caught mid-way");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("no document was seen mid-way within 120 s: " + describe(backstage.jobs(ids)));
    }

    private static boolean midDocument(Job job) {
        return "processing".equals(job.status()) && job.done() > 0 && job.done() < job.total();
    }

    /** Polls the job rows until every document is indexed or failed, or the time is up. */
    private static Map<String, Job> awaitFinished(List<Doc> docs) throws InterruptedException {
        List<String> ids = docs.stream().map(Doc::id).toList();
        long deadline = System.currentTimeMillis() + FINISH_WITHIN_MILLIS;
        Map<String, Job> jobs = backstage.jobs(ids);
        while (System.currentTimeMillis() < deadline
                && !jobs.values().stream().allMatch(j -> "indexed".equals(j.status()) || "failed".equals(j.status()))) {
            TimeUnit.MILLISECONDS.sleep(500);
            jobs = backstage.jobs(ids);
        }
        return jobs;
    }

    /**
     * Checks each document: indexed (seen through the gateway), its marker finds it first and only
     * it, vector-service holds exactly chunkCount active chunks and nothing staged, and the
     * deletion audit removes exactly chunkCount vectors and leaves nothing anywhere.
     */
    private static Verdict verify(String test, List<Doc> docs, Map<String, Job> end, VisibilityProbe probe) {
        Verdict v = new Verdict(test, docs.size());
        v.problems.addAll(probe.violations);
        probe.errors.forEach(e -> v.problems.add("search probe error: " + e));
        for (Doc doc : docs) {
            JsonPath view = given().auth().oauth2(token).get("/api/documents/" + doc.id())
                    .then().statusCode(200).extract().jsonPath();
            String status = view.getString("status");
            if (!"indexed".equals(status)) {
                v.lost++;
                v.problems.add(doc.id() + " ended " + status + " (" + view.getString("lastError") + ")");
                continue;
            }
            int chunks = view.getInt("chunkCount");
            List<IngestBackstage.Hit> hits = backstage.search(token, doc.marker(), 10);
            boolean foundFirst = !hits.isEmpty() && doc.id().equals(hits.get(0).documentId());
            boolean onlyItsOwn = hits.stream().filter(h -> h.text() != null && h.text().contains(doc.marker()))
                    .allMatch(h -> doc.id().equals(h.documentId()));
            Map<String, Object> stats = backstage.stats(doc.id(), ownerId);
            long vectors = number(stats.get("vectors"));
            long staged = number(stats.get("staged"));
            JsonPath audit = given().auth().oauth2(token).delete("/api/documents/" + doc.id())
                    .then().statusCode(200).extract().jsonPath();
            long removed = audit.getLong("vectorsRemoved");
            // the document's unique phrase must be gone from search, dense and keyword alike
            boolean unfindable = backstage.search(token, doc.marker(), 10).stream()
                    .noneMatch(h -> doc.id().equals(h.documentId()) || (h.text() != null && h.text().contains(doc.marker())));
            boolean clean = unfindable && audit.getLong("vectorsRemaining") == 0 && audit.getLong("keywordEntriesRemaining") == 0
                    && audit.getLong("stagedChunksRemaining") == 0 && audit.getLong("bytesRemaining") == 0
                    && audit.getLong("rowsRemaining") == 0;
            if (foundFirst && onlyItsOwn && chunks > 0 && vectors == chunks && staged == 0 && removed == chunks && clean) {
                v.indexedOnce++;
            } else {
                v.problems.add(doc.id() + ": chunkCount " + chunks + ", vectors " + vectors + ", staged " + staged
                        + ", vectorsRemoved " + removed + ", found first " + foundFirst + ", only its own " + onlyItsOwn
                        + ", unfindable after delete " + unfindable
                        + ", audit " + audit.prettify().replaceAll("\\s+", " "));
            }
            v.attempts.add(end.get(doc.id()) == null ? -1 : end.get(doc.id()).attempts());
        }
        suite.report.add(test + ": documents submitted " + v.submitted + " / indexed exactly once " + v.indexedOnce
                + " / lost " + v.lost + "; attempts per document " + v.attempts + "; searches while unfinished "
                + probe.searchesWhileUnfinished.get() + " (while processing " + probe.searchesWhileProcessing.get()
                + "), partial documents seen " + probe.violations.size());
        return v;
    }

    /** The outcome of one test, asserted after its figures are in the report. */
    private static final class Verdict {
        final String test;
        final int submitted;
        int indexedOnce;
        int lost;
        final List<String> problems = new ArrayList<>();
        final List<Integer> attempts = new ArrayList<>();

        Verdict(String test, int submitted) {
            this.test = test;
            this.submitted = submitted;
        }

        void assertAllIndexedOnce() {
            assertEquals(List.of(), problems, test + ": problems");
            assertEquals(submitted, indexedOnce, test + ": documents indexed exactly once");
            assertEquals(0, lost, test + ": documents lost");
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    private static String describe(Map<String, Job> jobs) {
        StringBuilder b = new StringBuilder();
        jobs.values().stream().map(j -> j.status() + (("processing".equals(j.status())) ? " " + j.done() + "/" + j.total() : ""))
                .sorted().forEach(s -> b.append(b.isEmpty() ? "" : ", ").append(s));
        return b.toString();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = IngestResilienceIT.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
