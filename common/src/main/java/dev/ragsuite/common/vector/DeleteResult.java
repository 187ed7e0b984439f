package dev.ragsuite.common.vector;

/** @param deleted chunks removed by this call; @param remaining chunks of that document still in the index afterwards */
public record DeleteResult(long deleted, long remaining) {
}
