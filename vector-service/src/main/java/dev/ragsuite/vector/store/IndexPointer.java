package dev.ragsuite.vector.store;

/**
 * Which index serves: the model it was embedded with, its dimension count and its name (a Lucene
 * folder, a Qdrant collection), as the marker file in the index root records it.
 */
public record IndexPointer(String model, int dimensions, String index) {
}
