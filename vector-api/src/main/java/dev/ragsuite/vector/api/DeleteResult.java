package dev.ragsuite.vector.api;

/**
 * @param deleted chunks removed by this call
 * @param remaining chunks of that document still in the index afterwards (vectors, staged or visible)
 * @param keywordRemaining keyword (BM25) entries of that document still in the index afterwards
 */
public record DeleteResult(long deleted, long remaining, long keywordRemaining) {

    public DeleteResult(long deleted, long remaining) {
        this(deleted, remaining, remaining);
    }
}
