package dev.ragsuite.vector.api;

/** Size limits of the vector contract, checked on both sides. */
public final class VectorLimits {

    public static final int MAX_BATCH = 256;
    public static final int MAX_CHUNK_CHARS = 8_000;
    public static final int MAX_QUERY_CHARS = 2_000;
    public static final int MAX_TOP_K = 50;
    public static final int MAX_HEADING_PATH_CHARS = 1_000;
    /** The longest embedding a caller may send; the active index decides the exact length. */
    public static final int MAX_DIMENSIONS = 4_096;

    private VectorLimits() {
    }
}
