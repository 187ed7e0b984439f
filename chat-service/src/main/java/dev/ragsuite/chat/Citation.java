package dev.ragsuite.chat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/**
 * One retrieved passage an answer cites.
 *
 * @param n the passage's 1-based place in the retrieval result, the number of its {@code [n]} marker
 * @param snippet at most a few hundred characters of the passage around the part that was used
 * @param score the retrieval score of the passage
 * @param page the 1-based PDF page of the passage, null when the document has no pages
 * @param heading the headings above the passage ("Intro > Scope"), null when none
 */
// native images: written and read with the ObjectMapper outside REST endpoints (SSE events, the
// citations column, the answer cache)
@RegisterForReflection
public record Citation(int n, UUID documentId, String documentName, String chunkId, String snippet, double score,
        Integer page, String heading) {
}
