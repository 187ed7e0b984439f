package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.RetrievalMode;
import java.util.List;
import java.util.UUID;

/**
 * What every backend checks the same way: the model and dimensions it was opened for, owners and
 * arguments of writes and searches, vector lengths, the open/closed state, and which chunker
 * version the latest write named. Backends implement the storage itself.
 */
public abstract class BaseVectorStore implements VectorStore {

    protected final String model;
    protected final int dimensions;
    protected final FusionSettings settings;
    protected volatile boolean open;
    protected volatile String chunkerVersion;

    protected BaseVectorStore(String model, int dimensions, FusionSettings settings) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions out of range: " + dimensions);
        }
        this.model = model;
        this.dimensions = dimensions;
        this.settings = settings;
    }

    /** Which retrievers a search runs and how many candidates each fetches. */
    protected record SearchPlan(boolean dense, boolean keyword, int candidates) {
    }

    @Override
    public final int upsert(String ownerId, UUID documentId, String documentName, List<StoredChunk> chunks) {
        requireWrite(ownerId, documentId, documentName, chunks);
        return write(ownerId, documentId, documentName, 0, chunks);
    }

    @Override
    public final int stage(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        requireWrite(ownerId, documentId, documentName, chunks);
        return write(ownerId, documentId, documentName, version, chunks);
    }

    /**
     * Stores the (checked) chunks of one document, staged when {@code version > 0}, replacing chunks
     * with the same ids, all or nothing.
     */
    protected abstract int write(String ownerId, UUID documentId, String documentName, int version, List<StoredChunk> chunks);

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

    /** The last non-null chunker version among a write's chunks, or null when none names one. */
    protected static String latestChunker(List<String> versions) {
        String latest = null;
        for (String version : versions) {
            if (version != null) {
                latest = version;
            }
        }
        return latest;
    }

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

    private static void requireWrite(String ownerId, UUID documentId, String documentName, List<StoredChunk> chunks) {
        requireOwner(ownerId);
        if (documentId == null || documentName == null || chunks == null || chunks.isEmpty()) {
            throw new IllegalArgumentException("documentId, documentName and at least one chunk are required");
        }
    }
}
