package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.api.RetrievalMode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * The active index and, while the configured embedding model differs from the active index's, a
 * second index being built with the new model. Requests are always answered by the active index,
 * with the model it was built with; the new index replaces it atomically once it holds every chunk.
 * Indexes are opened through a {@link StoreFactory}: Lucene folders or Qdrant collections, one per
 * model and dimension count; everything below holds for both.
 *
 * <p><b>How the copy stays exact while writes go on.</b> Writes are <em>dual-written</em>: each
 * upsert, stage, activation, discard or delete is applied to the active index and then to the new
 * one (embedded with the new model). The background copy lists the active index's keys once, then
 * per batch reads the chunks, embeds them with the new model outside any lock, and — holding the
 * exclusive side of a read-write lock that every request holds shared — re-reads those chunks and
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
public final class IndexManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IndexManager.class);

    /** An open index and the model that embeds for it. */
    record Bound(VectorStore store, Embedder embedder, String index) {
    }

    private final IndexLayout layout;
    private final StoreFactory stores;
    private final Function<String, Embedder> embedders;
    private final int batchSize;
    private final boolean deleteRetired;
    /** Shared by every request, exclusive for a copy step and the switch. Fair, so the copy is not starved. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final ExecutorService background = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "vector-reindex");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Bound active;
    private volatile Bound target;
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
     * Opens the active index under {@code root} (migrating the single-folder layout, creating an index
     * for {@code configuredModel} on a fresh install) and, when {@code configuredModel} differs from the
     * active index's model, starts re-embedding in the background.
     *
     * @param embedders the embedder of a model by its name; called once per model and kept
     */
    public static IndexManager open(Path root, String configuredModel, Function<String, Embedder> embedders,
            FusionSettings settings, int batchSize, boolean deleteRetired) throws IOException {
        return open(root, new LuceneStoreFactory(new IndexLayout(root), settings), configuredModel, embedders, batchSize,
                deleteRetired);
    }

    /**
     * As {@link #open(Path, String, Function, FusionSettings, int, boolean)}, with the indexes opened by
     * {@code stores} (Lucene folders or Qdrant collections); {@code root} then holds only the marker
     * naming the active index. The manager owns {@code stores} and closes it.
     */
    public static IndexManager open(Path root, StoreFactory stores, String configuredModel,
            Function<String, Embedder> embedders, int batchSize, boolean deleteRetired) throws IOException {
        IndexManager manager;
        try {
            manager = new IndexManager(new IndexLayout(root, stores.pointerFile()), stores, embedders, batchSize,
                    deleteRetired);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
        try {
            manager.start(configuredModel);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return manager;
    }

    private IndexManager(IndexLayout layout, StoreFactory stores, Function<String, Embedder> embedders, int batchSize,
            boolean deleteRetired) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.layout = layout;
        this.stores = stores;
        this.embedders = embedders;
        this.batchSize = batchSize;
        this.deleteRetired = deleteRetired;
    }

    private void start(String configuredModel) throws IOException {
        stores.migrateLegacyLayout();
        IndexLayout.Pointer pointer = layout.readActive().orElse(null);
        boolean fresh = pointer == null;
        if (fresh) {
            Embedder embedder = embedders.apply(configuredModel);
            pointer = new IndexLayout.Pointer(configuredModel, embedder.dimensions(),
                    stores.indexName(configuredModel, embedder.dimensions()));
        }
        active = bind(pointer.model(), pointer.dimensions(), pointer.index());
        if (fresh) {
            layout.writeActive(pointer);
        }
        LOG.infof("Active vector index %s (%s, %d dimensions, %d chunks)", pointer.index(), pointer.model(),
                pointer.dimensions(), active.store().size());
        IndexLayout.Pointer serving = pointer;
        lastCompleted = layout.readLastReindex()
                .filter(last -> serving.model().equals(last.targetModel()) && serving.dimensions() == last.targetDimensions())
                .orElse(null);
        if (!configuredModel.equals(pointer.model())) {
            startReindex(configuredModel);
        } else if (deleteRetired) {
            deleteRetiredIndexes();
        }
    }

    private Bound bind(String model, int dimensions, String index) throws IOException {
        Embedder embedder = embedders.apply(model);
        if (embedder.dimensions() != dimensions) {
            throw new IllegalStateException("the index " + index + " holds " + dimensions + "-dimensional vectors of "
                    + model + " but that model now makes " + embedder.dimensions());
        }
        if (!stores.indexName(model, dimensions).equals(index)) {
            throw new IllegalStateException("the index " + index + " does not match its model " + model
                    + " with " + dimensions + " dimensions; expected " + stores.indexName(model, dimensions));
        }
        return new Bound(stores.open(index, model, dimensions), embedder, index);
    }

    private void startReindex(String model) throws IOException {
        Embedder embedder = embedders.apply(model);
        String index = stores.indexName(model, embedder.dimensions());
        Bound to = bind(model, embedder.dimensions(), index);
        lock.writeLock().lock();
        try {
            target = to;
            targetModel = model;
            targetDimensions = embedder.dimensions();
            state = ReindexStatus.RUNNING;
            done.set(0);
            total = 0;
            error = null;
        } finally {
            lock.writeLock().unlock();
        }
        LOG.infof("Re-embedding the index %s with %s into %s in the background", active.index(), model, index);
        background.execute(() -> runReindex(active, to));
    }

    private void runReindex(Bound from, Bound to) {
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
            if (active != to) {
                closeQuietly(to); // abandoned, or stopped by close(): the folder stays for the next start-up
            }
        }
    }

    private void copyBatch(Bound from, Bound to, List<String> batch) {
        Map<String, ExportedChunk> read = from.store().read(batch);
        Map<String, ExportedChunk> already = to.store().read(read.keySet());
        Map<String, float[]> vectors = new HashMap<>(read.size() * 2);
        List<String> toEmbed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (ExportedChunk chunk : read.values()) {
            ExportedChunk prior = already.get(chunk.key());
            if (prior != null && prior.chunk().text().equals(chunk.chunk().text())) {
                vectors.put(chunk.key(), prior.chunk().vector()); // resumed copy: same model, same text
            } else {
                toEmbed.add(chunk.key());
                texts.add(chunk.chunk().text());
            }
        }
        // per owner, so the new model's cache entries are keyed by their owner like every other
        Map<String, List<Integer>> byOwner = new LinkedHashMap<>();
        for (int i = 0; i < toEmbed.size(); i++) {
            byOwner.computeIfAbsent(ExportedChunk.ownerOf(toEmbed.get(i)), owner -> new ArrayList<>()).add(i);
        }
        byOwner.forEach((owner, indexes) -> {
            List<float[]> embedded = to.embedder().forOwner(owner).embedAll(indexes.stream().map(texts::get).toList());
            for (int j = 0; j < indexes.size(); j++) {
                vectors.put(toEmbed.get(indexes.get(j)), embedded.get(j));
            }
        });
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

    private void switchOver(Bound from, Bound to) throws IOException {
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
            layout.writeActive(new IndexLayout.Pointer(to.store().model(), to.store().dimensions(), to.index()));
            active = to;
            target = null;
            state = ReindexStatus.COMPLETED;
            lastCompleted = reindexStatus();
            try {
                layout.writeLastReindex(lastCompleted);
            } catch (IOException e) {
                LOG.warnf("Could not record the completed re-index (it reads none after a restart): %s", e.toString());
            }
            LOG.infof("Switched to the index %s (%s): %d chunks re-embedded at %.1f chunks/s, %d stale removed",
                    to.index(), to.store().model(), copied, chunksPerSecond(), removed);
        } finally {
            lock.writeLock().unlock();
        }
        closeQuietly(from);
        if (deleteRetired) {
            stores.delete(from.index());
            LOG.infof("Deleted the retired index %s", from.index());
        }
    }

    private void abandon(Bound to, Exception cause) {
        if (target == to) {
            target = null;
            state = ReindexStatus.FAILED;
            error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            LOG.errorf(cause, "Re-embedding into %s abandoned; %s keeps serving, the next start-up tries again",
                    to.index(), active.index());
        }
    }

    private void deleteRetiredIndexes() throws IOException {
        for (String index : stores.indexes()) {
            if (!index.equals(active.index())) {
                stores.delete(index);
                LOG.infof("Deleted the retired index %s", index);
            }
        }
    }

    // --- requests: always answered by the active index; writes mirrored to the index being built ---

    /**
     * Embeds and writes chunks: visible at once when {@code version} is null, else staged.
     *
     * @throws DimensionMismatchException if a caller-supplied vector does not have the active index's dimensions
     */
    public int write(String ownerId, UUID documentId, String documentName, Integer version, List<ChunkInput> chunks) {
        while (true) {
            Bound a = active;
            Bound t = target;
            List<StoredChunk> forActive = embed(a, ownerId, chunks, true);
            List<StoredChunk> forTarget = null;
            if (t != null) {
                try {
                    forTarget = embed(t, ownerId, chunks, false);
                } catch (RuntimeException e) {
                    abandon(t, e); // the new model failing must not fail the write: the loop retries without it
                }
            }
            lock.readLock().lock();
            try {
                if (a != active || t != target) {
                    continue; // switched or abandoned while embedding: embed again for the indexes now in place
                }
                int stored = store(a, ownerId, documentId, documentName, version, forActive);
                List<StoredChunk> mirrored = forTarget;
                mirror(t, b -> store(b, ownerId, documentId, documentName, version, mirrored));
                return stored;
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    private static int store(Bound b, String ownerId, UUID documentId, String documentName, Integer version,
            List<StoredChunk> chunks) {
        return version == null
                ? b.store().upsert(ownerId, documentId, documentName, chunks)
                : b.store().stage(ownerId, documentId, documentName, version, chunks);
    }

    private static List<StoredChunk> embed(Bound b, String ownerId, List<ChunkInput> chunks, boolean acceptCallerVectors) {
        List<StoredChunk> out = new ArrayList<>(chunks.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkInput chunk = chunks.get(i);
            if (acceptCallerVectors && chunk.vector() != null) {
                if (chunk.vector().length != b.store().dimensions()) {
                    throw new DimensionMismatchException(b.store().model(), b.store().dimensions(), chunk.vector().length);
                }
                out.add(chunk.with(chunk.vector()));
            } else {
                out.add(null);
                missing.add(i);
            }
        }
        List<float[]> vectors = b.embedder().forOwner(ownerId).embedAll(missing.stream().map(i -> chunks.get(i).text()).toList());
        for (int j = 0; j < missing.size(); j++) {
            out.set(missing.get(j), chunks.get(missing.get(j)).with(vectors.get(j)));
        }
        return out;
    }

    public VectorStore.Activation activate(String ownerId, UUID documentId, int version) {
        return mutate(b -> b.store().activate(ownerId, documentId, version));
    }

    public long discard(String ownerId, UUID documentId, int version) {
        return mutate(b -> b.store().discard(ownerId, documentId, version));
    }

    public long deleteDocument(String ownerId, UUID documentId) {
        return mutate(b -> b.store().deleteDocument(ownerId, documentId));
    }

    public VectorStore.Stats stats(String ownerId, UUID documentId) {
        return read(() -> active.store().stats(ownerId, documentId));
    }

    public long countDocument(String ownerId, UUID documentId) {
        return read(() -> active.store().countDocument(ownerId, documentId));
    }

    /** Search in the active index, the query embedded (unless BM25 alone) with the active index's model. */
    public List<ScoredChunk> search(String ownerId, String queryText, int topK, RetrievalMode mode) {
        while (true) {
            Bound a = active;
            float[] query = mode == RetrievalMode.BM25 ? null : a.embedder().forOwner(ownerId).embed(queryText);
            lock.readLock().lock();
            try {
                if (a != active) {
                    continue; // switched while embedding the query
                }
                return a.store().search(ownerId, queryText, query, topK, mode);
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    private <T> T mutate(Function<Bound, T> operation) {
        lock.readLock().lock();
        try {
            T result = operation.apply(active);
            mirror(target, operation);
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void mirror(Bound t, Function<Bound, ?> operation) {
        if (t == null) {
            return;
        }
        try {
            operation.apply(t);
        } catch (RuntimeException e) {
            abandon(t, e); // the active index has the write; the re-index is retried at the next start-up
        }
    }

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Writes a consistent copy of the active index as a zip: its folder ({@code <index>/<file>}, one
     * Lucene commit that holds every write acknowledged before the call) and, last, the marker
     * {@code ACTIVE} naming it. Unpacked into an empty index root, it is an index root vector-service
     * opens as it was. No lock is held while copying: the store pins its commit, so requests and
     * writes go on. Only the Lucene backend supports it (Qdrant: its own snapshot API).
     *
     * @throws UnsupportedOperationException with the Qdrant backend
     */
    public void snapshot(ZipOutputStream zip) throws IOException {
        Bound a = active;
        a.store().snapshot(file -> {
            zip.putNextEntry(new ZipEntry(a.index() + "/" + file));
            return new FilterOutputStream(zip) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    zip.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    zip.closeEntry();
                }
            };
        });
        zip.putNextEntry(new ZipEntry(layout.pointerFile()));
        Writer marker = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        IndexLayout.writePointer(new IndexLayout.Pointer(a.store().model(), a.store().dimensions(), a.index()), marker);
        marker.flush();
        zip.closeEntry();
    }

    // --- what the index is and how the re-index goes ---

    public String model() {
        return active.store().model();
    }

    public int dimensions() {
        return active.store().dimensions();
    }

    public String index() {
        return active.index();
    }

    /** The backend holding the indexes: {@code lucene} or {@code qdrant}. */
    public String backend() {
        return stores.backend();
    }

    /** Empty when the backend answers; else why not. */
    public java.util.Optional<String> probe() {
        return stores.probe();
    }

    public String chunkerVersion() {
        return active.store().chunkerVersion();
    }

    public long size() {
        return read(() -> active.store().size());
    }

    public boolean isOpen() {
        return !closing && active != null && active.store().isOpen();
    }

    public ReindexStatus reindexStatus() {
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

    /** Stops a running copy at the next batch (its folder is kept and resumed later) and closes every index. */
    @Override
    public void close() {
        closing = true;
        background.shutdown();
        try {
            if (!background.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("The re-index did not stop within 2 minutes; closing the indexes anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.writeLock().lock();
        try {
            closeQuietly(target);
            target = null;
            if (active != null) {
                active.store().close();
            }
        } finally {
            lock.writeLock().unlock();
            stores.close();
        }
    }

    private static void closeQuietly(Bound b) {
        if (b == null) {
            return;
        }
        try {
            b.store().close();
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.warnf(e, "Could not close the index %s cleanly", b.index());
        }
    }
}
