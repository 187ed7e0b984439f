package dev.ragsuite.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Searches, in a loop, for the unique marker of every document that is not indexed yet, and
 * records a violation whenever such a search returns a chunk of that document while the job row
 * says, before and after the search, that the document is still not indexed — that would be a
 * partial document visible to readers (its versions must be staged and activated atomically).
 */
final class VisibilityProbe implements AutoCloseable {

    /** A document of the test: id and the nonsense word found in every paragraph of it only. */
    record Doc(String id, String marker) {
    }

    final List<String> violations = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    /** Searches made for a document whose job was queued or processing at the time. */
    final AtomicInteger searchesWhileUnfinished = new AtomicInteger();
    /** ... of which while it was processing (chunks being embedded and staged). */
    final AtomicInteger searchesWhileProcessing = new AtomicInteger();

    private final IngestBackstage backstage;
    private final String userToken;
    private final List<Doc> docs;
    private final Thread thread;
    private volatile boolean running = true;

    VisibilityProbe(IngestBackstage backstage, String userToken, List<Doc> docs) {
        this.backstage = backstage;
        this.userToken = userToken;
        this.docs = docs;
        this.thread = new Thread(this::loop, "visibility-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        List<String> ids = docs.stream().map(Doc::id).toList();
        while (running) {
            try {
                Map<String, IngestBackstage.Job> before = backstage.jobs(ids);
                boolean anyUnfinished = false;
                for (Doc doc : docs) {
                    IngestBackstage.Job job = before.get(doc.id());
                    if (job == null || "indexed".equals(job.status())) {
                        continue;
                    }
                    anyUnfinished = true;
                    check(doc, job);
                }
                if (!anyUnfinished) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | AssertionError e) {
                errors.add(e.toString());
            }
        }
    }

    private void check(Doc doc, IngestBackstage.Job before) {
        List<IngestBackstage.Hit> hits = backstage.search(userToken, doc.marker(), 10);
        searchesWhileUnfinished.incrementAndGet();
        if ("processing".equals(before.status())) {
            searchesWhileProcessing.incrementAndGet();
        }
        boolean visible = hits.stream().anyMatch(h -> doc.id().equals(h.documentId()));
        if (!visible) {
            return;
        }
        IngestBackstage.Job after = backstage.jobs(List.of(doc.id())).get(doc.id());
        if (after != null && !"indexed".equals(after.status())) {
            violations.add("document " + doc.id() + " had chunks in search while " + before.status() + " "
                    + before.done() + "/" + before.total() + " (still " + after.status() + " after the search)");
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
