package dev.ragsuite.vector.api;

/**
 * What the index holds for one document of one owner, counted by querying the index itself.
 *
 * @param vectors chunks with a dense vector (staged or visible)
 * @param keywordEntries chunks with indexed text for keyword search
 * @param staged chunks not yet visible to search
 */
public record DocumentIndexStats(long vectors, long keywordEntries, long staged) {
}
