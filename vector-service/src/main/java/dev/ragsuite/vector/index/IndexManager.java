package dev.ragsuite.vector.index;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.text.TextAnalysis;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.store.DimensionMismatchException;
import dev.ragsuite.vector.store.IndexMarkers;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoreFactory;
import dev.ragsuite.vector.store.StoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.lucene.LuceneCompaction;
import dev.ragsuite.vector.store.lucene.LuceneFolders;
import dev.ragsuite.vector.store.lucene.LuceneStoreFactory;
import dev.ragsuite.vector.store.lucene.LuceneVectorStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * The active index and, while the configured embedding model differs from the active index's, a
 * second index being built with the new model ({@link Reindexer}). Requests are always answered by
 * the active index, with the model it was built with; the new index replaces it atomically once it
 * holds every chunk. Indexes are opened through a {@link StoreFactory}: Lucene folders or Qdrant
 * collections, one per model and dimension count; everything below holds for both.
 *
 * <p>Writes are <em>dual-written</em>: each upsert, stage, activation, discard or delete is applied to
 * the active index and then to the new one (embedded with the new model), holding the shared side of
 * a read-write lock whose exclusive side the re-index takes for each copy step and the switch. If
 * writing to the new index fails, the re-index is abandoned; the active index has the write.
 *
 * <p><b>Replicas.</b> Which index serves and which one is being built is kept by an {@link IndexState}: files
 * in the index root for the embedded index (one process), Qdrant's alias and collection metadata for Qdrant,
 * shared by any number of replicas. With shared state each manager is one replica: it re-reads the state
 * every {@link Replicas#followInterval()} and rebinds when another replica switched the active index (a
 * search in flight finishes on the index it started on), dual-writes to the target another replica
 * announced, refuses writes when its last good read is older than {@link Replicas#writeFence()}, and starts a
 * re-index only while holding {@link Replicas#lease()} (see {@link Reindexer} for how the copy stays exact
 * against writes through other replicas).
 */
public final class IndexManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IndexManager.class);

    private final IndexState state;
    private final StoreFactory stores;
    private final Function<String, Embedder> embedders;
    private final boolean deleteRetired;
    /** Shared by every request, exclusive for a copy step and the switch. Fair, so the copy is not starved. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final Reindexer reindex;
    private final int reanalyzeBatch;
    private final Replicas replicas;
    private String configuredModel;
    private volatile BoundIndex active;
    private volatile boolean closing;
    /** With shared state: when the last read of it that this replica acted on started (System.nanoTime). */
    private volatile long stateReadAt;
    /** This replica followed another's switch away from its configured model: it does not re-index back. */
    private volatile boolean followedAway;
    private volatile boolean readFailing;
    private ScheduledExecutorService follower;

    /**
     * Opens the active index under {@code root} (migrating the single-folder layout, creating an index
     * for {@code configuredModel} on a fresh install) and, when {@code configuredModel} differs from the
     * active index's model, starts re-embedding in the background.
     *
     * @param embedders the embedder of a model by its name; called once per model and kept
     */
    public static IndexManager open(Path root, String configuredModel, Function<String, Embedder> embedders,
            FusionSettings settings, int batchSize, boolean deleteRetired) throws IOException {
        return open(root, new LuceneStoreFactory(new LuceneFolders(root), settings, LuceneCompaction.DEFAULTS), configuredModel,
                embedders, batchSize, deleteRetired);
    }

    /** As below, for one process alone ({@link Replicas#single()}). */
    public static IndexManager open(Path root, StoreFactory stores, String configuredModel,
            Function<String, Embedder> embedders, int batchSize, boolean deleteRetired) throws IOException {
        return open(root, stores, configuredModel, embedders, batchSize, deleteRetired, Replicas.single());
    }

    /**
     * As {@link #open(Path, String, Function, FusionSettings, int, boolean)}, with the indexes opened by
     * {@code stores} (Lucene folders or Qdrant collections) and their state where {@code stores} keeps it
     * ({@link StoreFactory#state}: files under {@code root}, or Qdrant). When that state is shared, this
     * manager is one replica of many: it re-reads the state every {@link Replicas#followInterval()}, follows
     * switches and announced re-index targets, and re-indexes only while holding {@link Replicas#lease()}.
     * The manager owns {@code stores} and closes it.
     */
    public static IndexManager open(Path root, StoreFactory stores, String configuredModel,
            Function<String, Embedder> embedders, int batchSize, boolean deleteRetired, Replicas replicas)
            throws IOException {
        IndexManager manager;
        try {
            manager = new IndexManager(stores.state(root), stores, embedders, batchSize, deleteRetired, replicas);
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

    private IndexManager(IndexState state, StoreFactory stores, Function<String, Embedder> embedders, int batchSize,
            boolean deleteRetired, Replicas replicas) {
        this.reindex = new Reindexer(lock, state, replicas, stores, () -> active, to -> active = to, batchSize,
                deleteRetired);
        this.reanalyzeBatch = batchSize;
        this.state = state;
        this.stores = stores;
        this.embedders = embedders;
        this.deleteRetired = deleteRetired;
        this.replicas = replicas;
    }

    private void start(String configuredModel) throws IOException {
        this.configuredModel = configuredModel;
        Optional<IndexPointer> migrated = stores.migrateLegacyLayout();
        if (migrated.isPresent()) {
            state.switchActive(Optional.empty(), migrated.get());
        }
        long readAt = System.nanoTime();
        Optional<IndexState.View> view = state.read();
        if (view.isEmpty()) {
            Embedder embedder = embedders.apply(configuredModel);
            IndexPointer fresh = new IndexPointer(configuredModel, embedder.dimensions(),
                    stores.indexName(configuredModel, embedder.dimensions()));
            if (state.shared()) {
                requireNoOtherIndex(fresh);
            }
            BoundIndex.closeQuietly(bind(fresh)); // creates it: an alias can only name a collection that exists
            state.switchActive(Optional.empty(), fresh);
            readAt = System.nanoTime();
            view = state.read(); // another replica starting at the same time may have made its own the active one
            if (view.isEmpty()) {
                throw new IllegalStateException("the index " + fresh.index() + " was made active but the state names none");
            }
        }
        IndexPointer pointer = view.get().active();
        active = bind(pointer);
        LOG.infof("Active vector index %s (%s, %d dimensions, %d chunks)", pointer.index(), pointer.model(),
                pointer.dimensions(), active.store().size());
        reindex.recall(view.get().lastReindex());
        if (state.shared()) {
            reindex.follow(view.get().target(), this::bind);
            stateReadAt = readAt;
            maybeReindex(view.get());
            follower = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vector-index-follower"));
            long every = replicas.followInterval().toMillis();
            follower.scheduleWithFixedDelay(this::follow, every, every, TimeUnit.MILLISECONDS);
            return;
        }
        if (!configuredModel.equals(pointer.model())) {
            Embedder embedder = embedders.apply(configuredModel);
            BoundIndex to = bind(configuredModel, embedder.dimensions(),
                    stores.indexName(configuredModel, embedder.dimensions()));
            reindex.start(active, to, configuredModel, embedder.dimensions(), ReindexLease.LOCAL.tryAcquire().orElseThrow());
            return; // the new index is written with this code's text analysis
        }
        if (deleteRetired) {
            deleteRetiredIndexes();
        }
        if (active.store() instanceof LuceneVectorStore lucene && lucene.needsReanalysis()) {
            reanalyzeInBackground(lucene);
        }
    }

    /**
     * Shared state that names no index, beside indexes of this installation other than the one this replica
     * would create: an install from before the alias whose marker file is not here (e.g. a StatefulSet's
     * volume left behind). Guessing could serve a half-built index, so the start is refused with the remedy.
     */
    private void requireNoOtherIndex(IndexPointer fresh) throws IOException {
        List<String> existing = stores.indexes();
        if (!existing.isEmpty() && !existing.equals(List.of(fresh.index()))) {
            throw new IllegalStateException("no index is named active yet, but the indexes " + existing + " exist: make"
                    + " the one serving active first (start once with its ACTIVE.qdrant marker in the index directory, or"
                    + " create the alias yourself: docs/operations.md, \"Scaling vector-service\")");
        }
    }

    /**
     * One read of the shared state (every follow interval): rebinds to the active index another replica switched
     * to, starts or stops dual-writing to an announced target, and takes the re-index lease when this replica
     * is configured for another model than the active one. Searches go on throughout; a read that fails leaves
     * everything as it was (and writes are refused once the last good read is older than the write fence).
     */
    void follow() {
        if (closing) {
            return;
        }
        long readAt = System.nanoTime();
        try {
            Optional<IndexState.View> read = state.read();
            if (read.isEmpty()) {
                throw new IllegalStateException("the shared state names no active index any more");
            }
            IndexState.View view = read.get();
            if (!view.active().index().equals(active.index())) {
                rebind(view.active());
            }
            if (!reindex.copying() && !ReindexStatus.RUNNING.equals(reindex.status().state())) {
                reindex.recall(view.lastReindex());
            }
            reindex.follow(view.target(), this::bind);
            stateReadAt = readAt;
            if (readFailing) {
                readFailing = false;
                LOG.info("Reading the shared index state works again");
            }
            maybeReindex(view);
        } catch (IOException | RuntimeException e) {
            if (!closing && !readFailing) {
                readFailing = true;
                LOG.warnf("Could not follow the shared index state (searches go on; writes are refused after %s): %s",
                        replicas.writeFence(), e.toString());
            }
        }
    }

    /** Another replica switched the active index: serve the new one (the target already opened, if it is). */
    private void rebind(IndexPointer now) throws IOException {
        BoundIndex t = reindex.target();
        BoundIndex next = t != null && t.index().equals(now.index()) ? t : bind(now);
        BoundIndex old;
        lock.writeLock().lock();
        try {
            old = active;
            active = next;
            reindex.becameActive(next);
        } finally {
            lock.writeLock().unlock();
        }
        BoundIndex.closeQuietly(old);
        if (configuredModel.equals(old.store().model()) && !configuredModel.equals(now.model())) {
            followedAway = true;
            LOG.warnf("Another replica switched the index to %s (%s) although this replica is configured for %s: serving"
                    + " %s; this replica will not re-index back (restart it with the new model)", now.index(),
                    now.model(), configuredModel, now.model());
        } else if (configuredModel.equals(now.model())) {
            followedAway = false;
        }
        LOG.infof("Followed the switch to the index %s (%s, %d dimensions)", now.index(), now.model(), now.dimensions());
    }

    /**
     * Re-indexes when this replica is configured for another model than the active one and takes the lease;
     * withdraws an announcement nobody copies into (its lease free) that is not for this replica's model.
     */
    private void maybeReindex(IndexState.View view) throws IOException {
        if (closing || reindex.copying() || !(wantsReindex() || orphaned(view))) {
            return;
        }
        Optional<ReindexLease.Held> lease = replicas.lease().tryAcquire();
        if (lease.isEmpty()) {
            return; // another replica copies; this one dual-writes to the target it announced
        }
        boolean started = false;
        try {
            // read again under the lease: a copier switches before it releases, so this read sees its switch
            Optional<IndexState.View> fresh = state.shared() ? state.read() : Optional.of(view);
            BoundIndex a = active;
            if (fresh.isEmpty() || !fresh.get().active().index().equals(a.index())) {
                return; // switched meanwhile: the next read follows
            }
            if (orphaned(fresh.get())) {
                LOG.infof("Nobody builds the announced index %s (the lease is free): withdrawing the announcement",
                        fresh.get().target().get().index());
                state.announceTarget(fresh.get().active(), Optional.empty());
                return;
            }
            if (!wantsReindex()) {
                return;
            }
            Embedder embedder = embedders.apply(configuredModel);
            String name = stores.indexName(configuredModel, embedder.dimensions());
            BoundIndex t = reindex.target();
            BoundIndex to = t != null && t.index().equals(name) ? t : bind(configuredModel, embedder.dimensions(), name);
            reindex.start(a, to, configuredModel, embedder.dimensions(), lease.get());
            started = true;
        } finally {
            if (!started) {
                lease.get().release();
            }
        }
    }

    /** This replica is configured for another model than the active index's, and did not follow a switch away. */
    private boolean wantsReindex() {
        return !configuredModel.equals(active.store().model()) && !followedAway;
    }

    /** An announced target for a model this replica does not want: only built if its copier holds the lease. */
    private boolean orphaned(IndexState.View view) {
        return !wantsReindex() && view.target().isPresent() && !view.target().get().model().equals(configuredModel);
    }

    /** Whether this replica is the one copying (tests). */
    boolean copying() {
        return reindex.copying();
    }

    /** How many chunks the copier's verification repaired in the new index (tests). */
    long repairedByVerification() {
        return reindex.repaired();
    }

    /** Tests: runs on the copier thread between reading a copy batch and writing it to the target. */
    void onCopyBatch(Runnable hook) {
        reindex.importHook = hook;
    }

    /** With shared state, writes wait for nothing but are refused when this replica's view of the state is too old. */
    private void requireFreshState() {
        if (!state.shared()) {
            return;
        }
        long age = System.nanoTime() - stateReadAt;
        if (age > replicas.writeFence().toNanos()) {
            throw new StaleIndexStateException(age / 1e9);
        }
    }

    /**
     * The keyword terms of the active index were made by another text analysis than this code's: every chunk is
     * written again in the background ({@link LuceneVectorStore#reanalyze}: no re-embedding, searches and writes
     * go on), and the manifest records this code's analysis once the last one is done.
     */
    private void reanalyzeInBackground(LuceneVectorStore lucene) {
        String from = lucene.analysis() == null ? "(not recorded)" : lucene.analysis();
        Thread thread = new Thread(() -> {
            long started = System.nanoTime();
            try {
                long rewritten = lucene.reanalyze(reanalyzeBatch, () -> closing || active.store() != lucene);
                if (rewritten >= 0) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    LOG.infof("Re-analysed the keyword terms of %d chunks (%s -> %s) in %.1f s", rewritten, from,
                            TextAnalysis.ID, seconds);
                }
            } catch (RuntimeException e) {
                if (!closing) {
                    LOG.errorf(e, "Re-analysing the keyword terms of the vector index failed; the next start tries again");
                }
            }
        }, "vector-reanalyze");
        thread.setDaemon(true);
        LOG.infof("The keyword terms of the active index were made by the text analysis %s; re-analysing them with %s"
                + " in the background", from, TextAnalysis.ID);
        thread.start();
    }

    private BoundIndex bind(IndexPointer pointer) throws IOException {
        return bind(pointer.model(), pointer.dimensions(), pointer.index());
    }

    private BoundIndex bind(String model, int dimensions, String index) throws IOException {
        Embedder embedder = embedders.apply(model);
        if (embedder.dimensions() != dimensions) {
            throw new IllegalStateException("the index " + index + " holds " + dimensions + "-dimensional vectors of "
                    + model + " but that model now makes " + embedder.dimensions());
        }
        if (!stores.indexName(model, dimensions).equals(index)) {
            throw new IllegalStateException("the index " + index + " does not match its model " + model
                    + " with " + dimensions + " dimensions; expected " + stores.indexName(model, dimensions));
        }
        return new BoundIndex(stores.open(index, model, dimensions), embedder, index);
    }

    /** Deletes every other index (one process alone: nobody else serves or builds one). */
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
            BoundIndex a = active;
            BoundIndex t = reindex.target();
            List<StoredChunk> forActive = a.embed(ownerId, chunks, true);
            List<StoredChunk> forTarget = null;
            if (t != null) {
                try {
                    forTarget = t.embed(ownerId, chunks, false);
                } catch (RuntimeException e) {
                    reindex.abandon(t, e); // the new model failing must not fail the write: the loop retries without it
                }
            }
            lock.readLock().lock();
            try {
                if (a != active || t != reindex.target()) {
                    continue; // switched or abandoned while embedding: embed again for the indexes now in place
                }
                requireFreshState();
                int stored = a.store(ownerId, documentId, documentName, version, forActive);
                List<StoredChunk> mirrored = forTarget;
                mirror(t, b -> b.store(ownerId, documentId, documentName, version, mirrored));
                return stored;
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    public VectorStore.Activation activate(String ownerId, UUID documentId, int version) {
        return mutate(b -> b.store().activate(ownerId, documentId, version));
    }

    public long setPublished(String ownerId, UUID documentId, boolean published) {
        return mutate(b -> b.store().setPublished(ownerId, documentId, published));
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
            BoundIndex a = active;
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

    private <T> T mutate(Function<BoundIndex, T> operation) {
        lock.readLock().lock();
        try {
            requireFreshState();
            T result = operation.apply(active);
            mirror(reindex.target(), operation);
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void mirror(BoundIndex t, Function<BoundIndex, ?> operation) {
        if (t == null) {
            return;
        }
        try {
            operation.apply(t);
        } catch (RuntimeException e) {
            reindex.abandon(t, e); // the active index has the write; the re-index is retried at the next start-up
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
        BoundIndex a = active;
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
        zip.putNextEntry(new ZipEntry(state.pointerFile()));
        Writer marker = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        IndexMarkers.writePointer(new IndexPointer(a.store().model(), a.store().dimensions(), a.index()), marker);
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
    public Optional<String> probe() {
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
        return reindex.status();
    }

    /** Stops a running copy at the next batch (its folder is kept and resumed later) and closes every index. */
    @Override
    public void close() {
        closing = true;
        if (follower != null) {
            follower.shutdownNow();
        }
        reindex.stop();
        lock.writeLock().lock();
        try {
            reindex.closeTarget();
            if (active != null) {
                active.store().close();
            }
        } finally {
            lock.writeLock().unlock();
            stores.close();
        }
    }
}
