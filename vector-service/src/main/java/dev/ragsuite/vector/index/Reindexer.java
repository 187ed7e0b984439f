package dev.ragsuite.vector.index;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.embedding.ChunkEmbedder;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import dev.ragsuite.vector.store.StoreFactory;
import dev.ragsuite.vector.store.StoredChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p><b>Several replicas</b> ({@link IndexState#shared()}, Qdrant). The lock above is one process's; a
 * write through another replica can fall between the copier's re-read and its write (a delete on
 * replica B after A read the chunk, before A wrote it to the target, would resurrect it there). So with
 * shared state:
 * <ol>
 * <li>only the holder of the {@link ReindexLease} copies and switches, renewing the lease every step;</li>
 * <li>it announces the target in the shared state and waits {@link Replicas#announceWait()} before copying,
 * so every replica still accepting writes dual-writes (a replica that has not read the state within
 * {@link Replicas#writeFence()} refuses writes);</li>
 * <li>after writing each batch it <em>verifies</em> it ({@link #reconcile}): it reads the keys from the
 * active index, then from the target, and repairs every difference (a key gone from the active index is
 * deleted from the target, a changed one copied again), repeating until one read finds both equal. Other
 * replicas write the active index first and the target second, so a difference the copier did not cause
 * is one such write in flight, which its own target write completes; and one the copier caused (the
 * resurrected delete) shows as a key the active index no longer holds. When a round finds no difference
 * the copier no longer writes those keys, and every later write is dual-written;</li>
 * <li>before the switch — no earlier than {@link Replicas#writeGrace()} after the copy could start, so a write
 * that began on a replica before it read the announcement (and so went to the active index alone) has landed —
 * the whole index is verified that way once more (every key of either index), the counts compared, the outcome
 * recorded and the alias switched; other replicas follow within one
 * interval, dual-writing until they do. A verification that does not converge in
 * {@value #RECONCILE_ROUNDS} rounds abandons the re-index rather than switch to an index that might
 * differ (the lease holder starts it again at its next read, resuming).</li>
 * </ol>
 *
 * <p><b>Switch</b> (one process). Under the exclusive lock: chunks of the new index that the active one no
 * longer holds are deleted, the counts are compared, the state is switched atomically, and the active
 * reference swapped; then the old index is closed (its folder kept unless
 * {@code rag.vector.reindex.delete-retired}).
 *
 * <p><b>Restart.</b> Nothing about progress is persisted: a start-up that finds the configured model
 * different from the active one simply runs the copy again into the existing folder. Chunks already
 * there with the same text keep their vector (same model, same text, same vector), so a resumed copy
 * only embeds what is missing, and the final reconciliation removes anything stale.
 *
 * <p>If writing to the new index fails, the re-index is abandoned ({@code failed}); the active index
 * keeps serving and the next start-up (with replicas: the lease holder's next read) tries again.
 */
final class Reindexer {

    private static final Logger LOG = Logger.getLogger(IndexManager.class);
    static final int RECONCILE_ROUNDS = 10;

    private final ReentrantReadWriteLock lock;
    private final IndexState indexState;
    private final Replicas replicas;
    private final StoreFactory stores;
    private final Supplier<BoundIndex> active;
    private final Consumer<BoundIndex> switchTo;
    private final int batchSize;
    private final boolean deleteRetired;
    private final ExecutorService background = Executors.newSingleThreadExecutor(DaemonThreads.named("vector-reindex"));
    private volatile BoundIndex target;
    private volatile boolean closing;
    /** This replica copies into {@link #target} (else it only dual-writes to an announced one). */
    private volatile boolean copying;
    /** The target the shared state announced at the last read (the copier checks its announcement stands). */
    private volatile Optional<String> announced = Optional.empty();
    /** When this copier announced its target (System.nanoTime). */
    private volatile long announcedAt;

    private volatile String phase = ReindexStatus.NONE;
    private volatile String targetModel;
    private volatile int targetDimensions;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong repaired = new AtomicLong();
    private volatile long total;
    private volatile long copyStarted;
    private volatile String error;
    /** The last re-index that switched over to the active index, as the state records it; null when none did. */
    private volatile ReindexStatus lastCompleted;

    /**
     * @param lock shared by every request, exclusive for a copy step and the switch
     * @param active the index serving now
     * @param switchTo makes the new index the one serving (under the exclusive lock)
     */
    Reindexer(ReentrantReadWriteLock lock, IndexState state, Replicas replicas, StoreFactory stores,
            Supplier<BoundIndex> active, Consumer<BoundIndex> switchTo, int batchSize, boolean deleteRetired) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.lock = lock;
        this.indexState = state;
        this.replicas = replicas;
        this.stores = stores;
        this.active = active;
        this.switchTo = switchTo;
        this.batchSize = batchSize;
        this.deleteRetired = deleteRetired;
    }

    /** Takes the last completed re-index the state records for the index serving. */
    void recall(Optional<ReindexStatus> last) {
        lastCompleted = last.orElse(null);
    }

    /** The index being built, or null. */
    BoundIndex target() {
        return target;
    }

    /** How many chunks verification repaired in the current (or last) re-index. */
    long repaired() {
        return repaired.get();
    }

    /** Whether this replica is the one copying. */
    boolean copying() {
        return copying;
    }

    /**
     * Follows the target announced in the shared state (another replica copies): dual-writes go to it from
     * now on, or stop when the announcement is withdrawn. Called by the state reader only.
     *
     * @param open opens an announced index
     */
    void follow(Optional<IndexPointer> announcement, IndexOpener open) throws IOException {
        announced = announcement.map(IndexPointer::index);
        if (copying) {
            return;
        }
        BoundIndex t = target;
        if (announcement.isEmpty()) {
            if (t != null) {
                LOG.infof("The re-index into %s is no longer announced; no longer writing to it", t.index());
                drop(t, ReindexStatus.NONE);
            }
            return;
        }
        IndexPointer to = announcement.get();
        if (t != null && t.index().equals(to.index())) {
            return;
        }
        BoundIndex next = open.open(to);
        lock.writeLock().lock();
        try {
            target = next;
            targetModel = to.model();
            targetDimensions = to.dimensions();
            phase = ReindexStatus.RUNNING;
            done.set(0);
            total = 0;
            error = null;
        } finally {
            lock.writeLock().unlock();
        }
        BoundIndex.closeQuietly(t);
        LOG.infof("Another replica re-embeds into %s (%s): this replica writes to it too", to.index(), to.model());
    }

    /** The index {@code to} became the active one through another replica's switch: it is no longer a target. */
    void becameActive(BoundIndex to) {
        if (target == to) {
            target = null; // under the manager's exclusive lock
            phase = ReindexStatus.NONE;
        }
    }

    /** Opens an announced index. */
    interface IndexOpener {
        BoundIndex open(IndexPointer pointer) throws IOException;
    }

    private void drop(BoundIndex t, String newState) {
        lock.writeLock().lock();
        try {
            if (target != t) {
                return;
            }
            target = null;
            phase = newState;
        } finally {
            lock.writeLock().unlock();
        }
        BoundIndex.closeQuietly(t);
    }

    /**
     * Starts copying the active index {@code from} into {@code to} (an index of {@code model}) in the
     * background, holding {@code lease} until it ends.
     */
    void start(BoundIndex from, BoundIndex to, String model, int dimensions, ReindexLease.Held lease) {
        BoundIndex previous;
        lock.writeLock().lock();
        try {
            previous = target;
            target = to;
            copying = true;
            announced = Optional.of(to.index());
            targetModel = model;
            targetDimensions = dimensions;
            phase = ReindexStatus.RUNNING;
            done.set(0);
            repaired.set(0);
            total = 0;
            error = null;
        } finally {
            lock.writeLock().unlock();
        }
        if (previous != null && previous != to) {
            BoundIndex.closeQuietly(previous);
        }
        LOG.infof("Re-embedding the index %s with %s into %s in the background", from.index(), model, to.index());
        background.execute(() -> run(from, to, lease));
    }

    private void run(BoundIndex from, BoundIndex to, ReindexLease.Held lease) {
        try {
            if (indexState.shared()) {
                indexState.announceTarget(pointer(from), Optional.of(pointer(to)));
                announcedAt = System.nanoTime();
                LOG.infof("Announced the re-index target %s; copying in %s, once every replica writes to it", to.index(),
                        replicas.announceWait());
                waitRenewing(replicas.announceWait(), to, lease);
            }
            List<String> keys = from.store().keys();
            total = keys.size();
            copyStarted = System.nanoTime();
            for (int i = 0; i < keys.size(); i += batchSize) {
                if (!stillCopying(to, lease)) {
                    return;
                }
                List<String> batch = keys.subList(i, Math.min(keys.size(), i + batchSize));
                copyBatch(from, to, batch);
                if (indexState.shared()) {
                    reconcile(from, to, batch);
                }
                done.addAndGet(batch.size());
            }
            if (stillCopying(to, lease)) {
                switchOver(from, to, lease);
            }
        } catch (IOException | RuntimeException e) {
            abandon(to, e);
        } finally {
            copying = false;
            lease.release();
            if (active.get() != to) {
                BoundIndex.closeQuietly(to); // abandoned, or stopped by close(): the folder stays for the next start-up
            }
        }
    }

    /** False when closing or abandoned; throws when the lease or the announcement was lost to another replica. */
    private boolean stillCopying(BoundIndex to, ReindexLease.Held lease) {
        if (closing || target != to) {
            return false;
        }
        if (indexState.shared()) {
            if (!lease.renew()) {
                throw new IllegalStateException("the re-index lease expired (another replica may copy now)");
            }
            if (!announced.equals(Optional.of(to.index()))) {
                throw new IllegalStateException("the announcement of " + to.index() + " was withdrawn or replaced ("
                        + announced.orElse("none") + "), e.g. a replica could not write to it");
            }
        }
        return true;
    }

    private void waitRenewing(java.time.Duration wait, BoundIndex to, ReindexLease.Held lease) {
        long deadline = System.nanoTime() + wait.toNanos();
        long step = Math.max(10, Math.min(1000, wait.toMillis() / 10));
        while (System.nanoTime() < deadline && !closing && target == to) {
            if (!lease.renew()) {
                throw new IllegalStateException("the re-index lease expired while waiting for the replicas");
            }
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the replicas", e);
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
            beforeImport(to, out);
            to.store().importChunks(out);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A hook for tests: runs just before a copy batch is written to the target. */
    void beforeImport(BoundIndex to, List<ExportedChunk> chunks) {
        Runnable hook = importHook;
        if (hook != null) {
            hook.run();
        }
    }

    /** Tests: what runs (on the copier thread) between reading a copy batch and writing it. */
    volatile Runnable importHook;

    /**
     * Makes the target hold exactly what the active index holds for {@code keys}: reads both (active first),
     * deletes from the target what the active index no longer holds, copies what differs, and reads again
     * until a read finds no difference.
     *
     * @return how many chunks were repaired
     * @throws IllegalStateException when the keys still differ after {@value #RECONCILE_ROUNDS} rounds
     */
    long reconcile(BoundIndex from, BoundIndex to, List<String> keys) {
        long fixed = 0;
        for (int round = 0; round < RECONCILE_ROUNDS; round++) {
            Map<String, ExportedChunk> source = from.store().read(keys);
            Map<String, ExportedChunk> copy = to.store().read(keys);
            List<String> gone = copy.keySet().stream().filter(key -> !source.containsKey(key)).toList();
            Map<String, String> toEmbed = new LinkedHashMap<>();
            Map<String, float[]> vectors = new LinkedHashMap<>();
            List<ExportedChunk> differing = new ArrayList<>();
            for (ExportedChunk chunk : source.values()) {
                ExportedChunk there = copy.get(chunk.key());
                if (there != null && same(chunk, there)) {
                    continue;
                }
                differing.add(chunk);
                if (there != null && there.chunk().text().equals(chunk.chunk().text())) {
                    vectors.put(chunk.key(), there.chunk().vector());
                } else {
                    toEmbed.put(chunk.key(), chunk.chunk().text());
                }
            }
            if (gone.isEmpty() && differing.isEmpty()) {
                repaired.addAndGet(fixed);
                return fixed;
            }
            vectors.putAll(ChunkEmbedder.embedByOwner(to.embedder(), toEmbed));
            to.store().deleteKeys(gone);
            to.store().importChunks(differing.stream()
                    .map(c -> new ExportedChunk(c.ownerId(), c.documentId(), c.documentName(), c.version(), c.staged(),
                            c.chunk().withVector(vectors.get(c.key()))))
                    .toList());
            fixed += gone.size() + differing.size();
            LOG.debugf("Verification round %d repaired %d chunks of %s", round, gone.size() + differing.size(), to.index());
        }
        throw new IllegalStateException("the chunks of the new index still differed from the active index after "
                + RECONCILE_ROUNDS + " verification rounds (they keep changing)");
    }

    /** Everything but the vector (which the other model makes differently). */
    static boolean same(ExportedChunk a, ExportedChunk b) {
        StoredChunk x = a.chunk();
        StoredChunk y = b.chunk();
        return a.ownerId().equals(b.ownerId()) && a.documentId().equals(b.documentId())
                && Objects.equals(a.documentName(), b.documentName()) && a.version() == b.version()
                && a.staged() == b.staged() && x.chunkId().equals(y.chunkId()) && x.position() == y.position()
                && x.text().equals(y.text()) && Objects.equals(x.page(), y.page())
                && Objects.equals(x.headingPath(), y.headingPath()) && Objects.equals(x.chunkerVersion(), y.chunkerVersion())
                && Objects.equals(x.source(), y.source()) && x.published() == y.published();
    }

    private void switchOver(BoundIndex from, BoundIndex to, ReindexLease.Held lease) throws IOException {
        if (indexState.shared()) {
            switchShared(from, to, lease);
        } else {
            switchLocal(from, to);
        }
        BoundIndex.closeQuietly(from);
        if (deleteRetired) {
            if (indexState.shared()) {
                // replicas that have not read the switch yet still search the old collection: give them time
                waitFor(replicas.announceWait());
            }
            stores.delete(from.index());
            LOG.infof("Deleted the retired index %s", from.index());
        }
    }

    private void switchLocal(BoundIndex from, BoundIndex to) throws IOException {
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
            completed(from, to);
            LOG.infof("Switched to the index %s (%s): %d chunks re-embedded at %.1f chunks/s, %d stale removed",
                    to.index(), to.store().model(), copied, chunksPerSecond(), removed);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Verifies every key of either index, compares the counts (three passes at most), then switches the alias. */
    private void switchShared(BoundIndex from, BoundIndex to, ReindexLease.Held lease) throws IOException {
        // a write that began on a replica before it read the announcement has landed by now (see Replicas#writeGrace)
        long settled = announcedAt + replicas.announceWait().plus(replicas.writeGrace()).toNanos();
        waitRenewing(java.time.Duration.ofNanos(Math.max(0, settled - System.nanoTime())), to, lease);
        long expected = -1;
        long copied = -2;
        for (int pass = 0; pass < 3 && expected != copied; pass++) {
            Set<String> keys = new LinkedHashSet<>(from.store().keys());
            keys.addAll(to.store().keys());
            List<String> all = new ArrayList<>(keys);
            for (int i = 0; i < all.size(); i += batchSize) {
                if (!stillCopying(to, lease)) {
                    return;
                }
                reconcile(from, to, all.subList(i, Math.min(all.size(), i + batchSize)));
            }
            expected = from.store().size();
            copied = to.store().size();
        }
        if (expected != copied) {
            throw new IllegalStateException("after three verification passes the new index holds " + copied
                    + " chunks but the active one " + expected);
        }
        if (!stillCopying(to, lease)) {
            return;
        }
        lock.writeLock().lock();
        try {
            completed(from, to);
        } finally {
            lock.writeLock().unlock();
        }
        try {
            indexState.announceTarget(pointer(from), Optional.empty());
        } catch (IOException e) {
            LOG.warnf("Could not withdraw the announcement on the retired index %s: %s", from.index(), e.toString());
        }
        LOG.infof("Switched the alias to the index %s (%s): %d chunks re-embedded at %.1f chunks/s, %d repaired by"
                + " verification", to.index(), to.store().model(), copied, chunksPerSecond(), repaired.get());
    }

    /** Records the outcome, switches the state and the active reference (under the exclusive lock). */
    private void completed(BoundIndex from, BoundIndex to) throws IOException {
        ReindexStatus outcome = new ReindexStatus(ReindexStatus.COMPLETED, targetModel, targetDimensions, done.get(), total,
                chunksPerSecond(), null);
        IndexPointer into = pointer(to);
        if (indexState.shared()) {
            recordOutcome(into, outcome); // before the switch, so a replica reading the new alias reads it too
        }
        indexState.switchActive(Optional.of(pointer(from)), into);
        switchTo.accept(to);
        target = null;
        this.phase = ReindexStatus.COMPLETED;
        lastCompleted = outcome;
        if (!indexState.shared()) {
            recordOutcome(into, outcome);
        }
    }

    private void recordOutcome(IndexPointer into, ReindexStatus outcome) {
        try {
            indexState.writeLastReindex(into, outcome);
        } catch (IOException e) {
            LOG.warnf("Could not record the completed re-index (it reads none after a restart): %s", e.toString());
        }
    }

    private static IndexPointer pointer(BoundIndex b) {
        return new IndexPointer(b.store().model(), b.store().dimensions(), b.index());
    }

    private void waitFor(java.time.Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closing && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.max(10, Math.min(500, wait.toMillis() / 10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Gives up the re-index into {@code to} (if it is still the one running): the active index keeps serving.
     * With replicas the announcement is withdrawn, so no replica goes on writing to it and the copier (if
     * another replica) stops; the lease holder starts again at its next read.
     */
    void abandon(BoundIndex to, Exception cause) {
        if (target != to) {
            return;
        }
        target = null;
        phase = ReindexStatus.FAILED;
        error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        LOG.errorf(cause, "Re-embedding into %s abandoned; %s keeps serving, the next start-up tries again",
                to.index(), active.get().index());
        if (indexState.shared() && !closing && announced.equals(Optional.of(to.index()))) {
            try {
                indexState.announceTarget(pointer(active.get()), Optional.empty());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Could not withdraw the announcement of %s: %s", to.index(), e.toString());
            }
        }
        if (!copying) {
            BoundIndex.closeQuietly(to);
        }
    }

    ReindexStatus status() {
        String current = phase;
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
