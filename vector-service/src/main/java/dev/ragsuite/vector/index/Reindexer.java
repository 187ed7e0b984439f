package dev.ragsuite.vector.index;

import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.embedding.ChunkEmbedder;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.StoreFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Re-embedding the active index into a new one, in the background, while the active one serves; then
 * the switch. The {@link IndexManager} dual-writes every request to the index being built
 * ({@link #target()}); this class copies what was there before.
 *
 * <p><b>How the copy stays exact while writes go on.</b> The copy lists the active index's keys once,
 * then per batch reads the chunks, embeds them with the new model outside any lock, and — holding the
 * exclusive side of the read-write lock that every request holds shared — re-reads those chunks and
 * writes to the new index only those whose text is unchanged, with their <em>current</em> owner,
 * version and staged flag. A chunk changed or deleted in between was already dual-written, so the
 * copy never resurrects a deleted chunk nor overwrites a newer one. Dual-write was chosen over a
 * change log because the two indexes then agree at every lock release, with nothing to replay.
 *
 * <p><b>Switch.</b> Under the exclusive lock: chunks of the new index that the active one no longer
 * holds are deleted, the counts are compared, {@code ACTIVE} is replaced atomically, and the active
 * reference swapped; then the old index is closed (its folder kept unless
 * {@code rag.vector.reindex.delete-retired}).
 *
 * <p><b>Restart.</b> Nothing about progress is persisted: a start-up that finds the configured model
 * different from the active one simply runs the copy again into the existing folder. Chunks already
 * there with the same text keep their vector (same model, same text, same vector), so a resumed copy
 * only embeds what is missing, and the final reconciliation removes anything stale.
 *
 * <p>If writing to the new index fails, the re-index is abandoned ({@code failed}); the active index
 * keeps serving and the next start-up tries again.
 */
final class Reindexer {

    private static final Logger LOG = Logger.getLogger(IndexManager.class);

    private final ReentrantReadWriteLock lock;
    private final IndexMarkers markers;
    private final StoreFactory stores;
    private final Supplier<BoundIndex> active;
    private final Consumer<BoundIndex> switchTo;
    private final int batchSize;
    private final boolean deleteRetired;
    private final ExecutorService background = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "vector-reindex");
        thread.setDaemon(true);
        return thread;
    });
    private volatile BoundIndex target;
    private volatile boolean closing;

    private volatile String state = ReindexStatus.NONE;
    private volatile String targetModel;
    private volatile int targetDimensions;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile long copyStarted;
    private volatile String error;
    /** The last re-index that switched over to the active index, recorded on disk; null when none did. */
    private volatile ReindexStatus lastCompleted;

    /**
     * @param lock shared by every request, exclusive for a copy step and the switch
     * @param active the index serving now
     * @param switchTo makes the new index the one serving (under the exclusive lock)
     */
    Reindexer(ReentrantReadWriteLock lock, IndexMarkers markers, StoreFactory stores, Supplier<BoundIndex> active,
            Consumer<BoundIndex> switchTo, int batchSize, boolean deleteRetired) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.lock = lock;
        this.markers = markers;
        this.stores = stores;
        this.active = active;
        this.switchTo = switchTo;
        this.batchSize = batchSize;
        this.deleteRetired = deleteRetired;
    }

    /** Reads the last completed re-index recorded on disk, when it was the one into the index serving. */
    void recall(IndexPointer serving) {
        lastCompleted = markers.readLastReindex()
                .filter(last -> serving.model().equals(last.targetModel()) && serving.dimensions() == last.targetDimensions())
                .orElse(null);
    }

    /** The index being built, or null. */
    BoundIndex target() {
        return target;
    }

    /** Starts copying the active index {@code from} into {@code to} (an index of {@code model}) in the background. */
    void start(BoundIndex from, BoundIndex to, String model, int dimensions) {
        lock.writeLock().lock();
        try {
            target = to;
            targetModel = model;
            targetDimensions = dimensions;
            state = ReindexStatus.RUNNING;
            done.set(0);
            total = 0;
            error = null;
        } finally {
            lock.writeLock().unlock();
        }
        LOG.infof("Re-embedding the index %s with %s into %s in the background", from.index(), model, to.index());
        background.execute(() -> run(from, to));
    }

    private void run(BoundIndex from, BoundIndex to) {
        try {
            List<String> keys = from.store().keys();
            total = keys.size();
            copyStarted = System.nanoTime();
            for (int i = 0; i < keys.size(); i += batchSize) {
                if (closing || target != to) {
                    return;
                }
                List<String> batch = keys.subList(i, Math.min(keys.size(), i + batchSize));
                copyBatch(from, to, batch);
                done.addAndGet(batch.size());
            }
            if (!closing && target == to) {
                switchOver(from, to);
            }
        } catch (IOException | RuntimeException e) {
            abandon(to, e);
        } finally {
            if (active.get() != to) {
                BoundIndex.closeQuietly(to); // abandoned, or stopped by close(): the folder stays for the next start-up
            }
        }
    }

    private void copyBatch(BoundIndex from, BoundIndex to, List<String> batch) {
        Map<String, ExportedChunk> read = from.store().read(batch);
        Map<String, ExportedChunk> already = to.store().read(read.keySet());
        Map<String, float[]> vectors = new LinkedHashMap<>(read.size() * 2);
        Map<String, String> toEmbed = new LinkedHashMap<>();
        for (ExportedChunk chunk : read.values()) {
            ExportedChunk prior = already.get(chunk.key());
            if (prior != null && prior.chunk().text().equals(chunk.chunk().text())) {
                vectors.put(chunk.key(), prior.chunk().vector()); // resumed copy: same model, same text
            } else {
                toEmbed.put(chunk.key(), chunk.chunk().text());
            }
        }
        vectors.putAll(ChunkEmbedder.embedByOwner(to.embedder(), toEmbed));
        lock.writeLock().lock();
        try {
            if (target != to) {
                return;
            }
            List<ExportedChunk> out = new ArrayList<>(read.size());
            for (ExportedChunk now : from.store().read(read.keySet()).values()) {
                ExportedChunk before = read.get(now.key());
                if (!now.chunk().text().equals(before.chunk().text())) {
                    continue; // rewritten meanwhile: the dual-write already put the new text in the new index
                }
                out.add(new ExportedChunk(now.ownerId(), now.documentId(), now.documentName(), now.version(), now.staged(),
                        now.chunk().withVector(vectors.get(now.key()))));
            }
            to.store().importChunks(out);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void switchOver(BoundIndex from, BoundIndex to) throws IOException {
        lock.writeLock().lock();
        try {
            if (closing || target != to) {
                return;
            }
            Set<String> live = new HashSet<>(from.store().keys());
            List<String> stale = to.store().keys().stream().filter(key -> !live.contains(key)).toList();
            long removed = to.store().deleteKeys(stale);
            long expected = from.store().size();
            long copied = to.store().size();
            if (expected != copied) {
                throw new IllegalStateException("the new index holds " + copied + " chunks but the active one " + expected);
            }
            markers.writeActive(new IndexPointer(to.store().model(), to.store().dimensions(), to.index()));
            switchTo.accept(to);
            target = null;
            state = ReindexStatus.COMPLETED;
            lastCompleted = status();
            try {
                markers.writeLastReindex(lastCompleted);
            } catch (IOException e) {
                LOG.warnf("Could not record the completed re-index (it reads none after a restart): %s", e.toString());
            }
            LOG.infof("Switched to the index %s (%s): %d chunks re-embedded at %.1f chunks/s, %d stale removed",
                    to.index(), to.store().model(), copied, chunksPerSecond(), removed);
        } finally {
            lock.writeLock().unlock();
        }
        BoundIndex.closeQuietly(from);
        if (deleteRetired) {
            stores.delete(from.index());
            LOG.infof("Deleted the retired index %s", from.index());
        }
    }

    /** Gives up the re-index into {@code to} (if it is still the one running): the active index keeps serving. */
    void abandon(BoundIndex to, Exception cause) {
        if (target == to) {
            target = null;
            state = ReindexStatus.FAILED;
            error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            LOG.errorf(cause, "Re-embedding into %s abandoned; %s keeps serving, the next start-up tries again",
                    to.index(), active.get().index());
        }
    }

    ReindexStatus status() {
        String current = state;
        if (ReindexStatus.NONE.equals(current)) {
            ReindexStatus last = lastCompleted;
            return last != null ? last : ReindexStatus.none();
        }
        return new ReindexStatus(current, targetModel, targetDimensions, done.get(), total, chunksPerSecond(), error);
    }

    private double chunksPerSecond() {
        long started = copyStarted;
        long copied = done.get();
        if (started == 0 || copied == 0) {
            return 0;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds <= 0 ? 0 : Math.round(copied / seconds * 10) / 10.0;
    }

    /** Stops a running copy at the next batch (its folder is kept and resumed later), waiting up to 2 minutes. */
    void stop() {
        closing = true;
        background.shutdown();
        try {
            if (!background.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("The re-index did not stop within 2 minutes; closing the indexes anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the index being built, if any; call it under the exclusive lock after {@link #stop()}. */
    void closeTarget() {
        BoundIndex.closeQuietly(target);
        target = null;
    }
}
