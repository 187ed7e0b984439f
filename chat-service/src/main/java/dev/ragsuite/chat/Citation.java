package dev.ragsuite.chat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.ragsuite.vector.api.DocumentSource;
import java.util.UUID;

/**
 * One retrieved passage an answer cites.
 *
 * @param n the passage's 1-based place in the retrieval result, the number of its {@code [n]} marker
 * @param snippet at most a few hundred characters of the passage around the part that was used
 * @param score the retrieval score of the passage
 * @param page the 1-based PDF page of the passage, null when the document has no pages
 * @param heading the headings above the passage ("Intro > Scope"), null when none
 * @param source where the cited document came from ({@code upload}, {@code url} with its address, {@code clickup}
 *        with the task's id and link); citations stored before sources existed read as uploads
 */
// native images: written and read with the ObjectMapper outside REST endpoints (SSE events, the
// citations column, the answer cache)
@RegisterForReflection
public record Citation(int n, UUID documentId, String documentName, String chunkId, String snippet, double score,
        Integer page, String heading, DocumentSource source) {

    public Citation {
        source = DocumentSource.orUpload(source);
    }
}
