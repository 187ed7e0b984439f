package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.hybrid.HybridFusion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every backend does the same way: the model and dimensions it was opened for, the checks on
 * owners, documents, versions and vectors, one write lock that serialises writes (so a delete counts
 * exactly what it removes), batches checked whole before anything is written, the chunker version of
 * the latest write, the fusion of the two retrievers into hits, and the open/closed state. Backends
 * implement the storage itself.
 */
public abstract class BaseVectorStore implements VectorStore {

    protected final String model;
    protected final int dimensions;
    protected final FusionSettings settings;
    /** Serialises the writes of this process. */
    protected final ReentrantLock writeLock = new ReentrantLock();
    protected volatile boolean open;
    protected volatile String chunkerVersion;
    private final String name;

    protected BaseVectorStore(String name, String model, int dimensions, FusionSettings settings) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions out of range: " + dimensions);
        }
        this.name = name;
        this.model = model;
        this.dimensions = dimensions;
        this.settings = settings;
    }

    /** Which retrievers a search runs and how many candidates each fetches. */
    protected record SearchPlan(boolean dense, boolean keyword, int candidates) {
    }

    /** A write or delete of the backend, which may fail with an {@link IOException}. */
    @FunctionalInterface
    protected interface StoreAction {
        void run() throws IOException;
    }

    /** A count of the backend, which may fail with an {@link IOException}. */
    @FunctionalInterface
    protected interface StoreCount {
        long get() throws IOException;
    }

    /** Reads the hit with this key (a Lucene doc id, a Qdrant point id) and gives it its fused score. */
    @FunctionalInterface
    protected interface HitReader<K> {
        ScoredChunk read(K key, double score) throws IOException;
    }

    // --- writes ---

    @Override
    public final int upsert(String ownerId, UUID documentId, String documentName, List<StoredChunk> chunks) {
        requireWrite(ownerId, documentId, documentName, chunks);
        return write(ownerId, documentId, documentName, 0, chunks);
    }

    @Override
    public final int stage(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks) {
        requireVersion(version);
        requireWrite(ownerId, documentId, documentName, chunks);
        return write(ownerId, documentId, documentName, version, chunks);
    }

    /** The chunks of one document, staged when {@code version > 0}, written as chunks imported with those values. */
    private int write(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks) {
        List<ExportedChunk> out = new ArrayList<>(chunks.size());
        for (StoredChunk chunk : chunks) {
            out.add(new ExportedChunk(ownerId, documentId, documentName, version, version > 0, chunk));
        }
        return importChunks(out);
    }

    /** Checks every chunk (owner, vector length, no key twice) before anything is written, then writes them. */
    @Override
    public final int importChunks(List<ExportedChunk> chunks) {
        if (chunks.isEmpty()) {
            return 0;
        }
        Set<String> keys = new HashSet<>();
        for (ExportedChunk chunk : chunks) {
            requireOwner(chunk.ownerId());
            checkVector(chunk.chunk().vector());
            if (!keys.add(chunk.key())) {
                throw new IllegalArgumentException("chunk id appears twice in one batch: " + chunk.chunk().chunkId());
            }
        }
        return writeChunks(chunks);
    }

    /**
     * Stores the (checked) chunks, replacing chunks with the same keys, all or nothing where the backend
     * can, and notes their chunker version ({@link #noteChunker}); returns how many.
     */
    protected abstract int writeChunks(List<ExportedChunk> chunks);

    /**
     * Under the write lock: counts what a delete will remove and, when anything, runs it; returns the
     * count, exact because the writes of this process are serialised.
     */
    protected final long deleteCounted(String what, StoreCount count, StoreAction delete) {
        writeLock.lock();
        try {
            ensureOpen();
            long counted = count.get();
            if (counted > 0) {
                delete.run();
            }
            return counted;
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + what, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Records the last non-null chunker version among the written chunks, when it is a new one. */
    protected final void noteChunker(List<ExportedChunk> chunks) {
        String latest = null;
        for (ExportedChunk chunk : chunks) {
            if (chunk.chunk().chunkerVersion() != null) {
                latest = chunk.chunk().chunkerVersion();
            }
        }
        if (latest != null && !latest.equals(chunkerVersion)) {
            recordChunker(latest);
            chunkerVersion = latest;
        }
    }

    /** Records {@code latest} in the index's manifest (with the next commit, or at once). */
    protected abstract void recordChunker(String latest);

    // --- reads ---

    /** Checks a search's arguments and says what to run. */
    protected SearchPlan plan(String ownerId, float[] queryVector, int topK, RetrievalMode mode) {
        requireOwner(ownerId);
        boolean dense = mode != RetrievalMode.BM25;
        if (dense) {
            checkVector(queryVector);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be positive: " + topK);
        }
        return new SearchPlan(dense, mode != RetrievalMode.DENSE, settings.candidates(topK));
    }

    /**
     * Fuses the raw scores of both retrievers ({@link HybridFusion}, the same for every backend) and
     * reads the best {@code topK} hits, best first.
     */
    protected final <K extends Comparable<K>> List<ScoredChunk> fuse(Map<K, Double> dense, Map<K, Double> keyword, int topK,
            HitReader<K> hits) throws IOException {
        List<ScoredChunk> found = new ArrayList<>(topK);
        for (HybridFusion.Fused<K> fused : new HybridFusion<K>(settings.denseWeight()).fuse(dense, keyword, topK)) {
            found.add(hits.read(fused.key(), fused.score()));
        }
        return found;
    }

    // --- what the index is ---

    @Override
    public String chunkerVersion() {
        return chunkerVersion;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Marks the store closed (once, under the write lock) and releases what the backend holds. */
    @Override
    public final void close() {
        writeLock.lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            release();
        } finally {
            writeLock.unlock();
        }
    }

    /** Releases what the backend holds; called once, by {@link #close()}. */
    protected abstract void release();

    // --- checks ---

    protected void ensureOpen() {
        if (!open) {
            throw new IllegalStateException("the vector index is closed");
        }
    }

    protected void checkVector(float[] vector) {
        if (vector == null || vector.length != dimensions) {
            throw new DimensionMismatchException(model, dimensions, vector == null ? 0 : vector.length);
        }
    }

    protected static void requireOwner(String ownerId) {
        if (ownerId == null || ownerId.isBlank()) {
            throw new IllegalArgumentException("ownerId is required");
        }
    }

    protected static void requireVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
    }

    protected static void requireDocument(UUID documentId) {
        if (documentId == null) {
            throw new IllegalArgumentException("documentId is required");
        }
    }

    private static void requireWrite(String ownerId, UUID documentId, String documentName, List<StoredChunk> chunks) {
        requireOwner(ownerId);
        if (documentId == null || documentName == null || chunks == null || chunks.isEmpty()) {
            throw new IllegalArgumentException("documentId, documentName and at least one chunk are required");
        }
    }
}
