package dev.ragsuite.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Searches, in a loop, for the unique marker of every document that is not indexed yet, and
 * records a violation whenever such a search returns a chunk of that document while only part
 * of it is visible — its versions must be staged and activated atomically. A document may be
 * seen whole just before its row says {@code indexed} (the worker activates the version in
 * vector-service, then commits the row), so a hit while the row is unfinished is checked against
 * vector-service's own count: a violation is a hit while chunks of the document are still staged
 * or while fewer chunks are visible than the job has.
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
    private final String ownerId;
    private final List<Doc> docs;
    private final Thread thread;
    private volatile boolean running = true;

    VisibilityProbe(IngestBackstage backstage, String userToken, String ownerId, List<Doc> docs) {
        this.backstage = backstage;
        this.userToken = userToken;
        this.ownerId = ownerId;
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
        if (after == null || "indexed".equals(after.status())) {
            return;
        }
        Map<String, Object> stats = backstage.stats(doc.id(), ownerId);
        long vectors = ((Number) stats.get("vectors")).longValue();
        long staged = ((Number) stats.get("staged")).longValue();
        long searchable = vectors - staged;
        if (staged > 0 || searchable < after.total()) {
            violations.add("document " + doc.id() + " had chunks in search while " + before.status() + " "
                    + before.done() + "/" + before.total() + " with " + searchable + " of " + after.total()
                    + " chunks searchable and " + staged + " staged (still " + after.status() + " after the search)");
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
