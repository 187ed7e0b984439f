package dev.ragsuite.chat;

import java.util.UUID;

/**
 * One retrieved passage an answer cites.
 *
 * @param n the passage's 1-based place in the retrieval result, the number of its {@code [n]} marker
 * @param snippet at most a few hundred characters of the passage around the part that was used
 * @param score the retrieval score of the passage
 */
public record Citation(int n, UUID documentId, String documentName, String chunkId, String snippet, double score) {
}
