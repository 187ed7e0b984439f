package dev.ragsuite.ingest.documents;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.reactive.VertxContexts;
import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.events.DocumentEvents;
import dev.ragsuite.streams.DocumentEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * An admin publishing a document to every user, or taking it back. The row is locked while vector-service
 * flips the flag on every chunk of the document (all versions), so a worker finishing a new version at the
 * same moment waits and then sees the new flag ({@code JobStore.finish}); if vector-service cannot, nothing
 * changes and the admin gets 503. Then a {@code published}/{@code unpublished} event tells chat-service to
 * stop serving cached answers that the change makes stale, for every user.
 */
@ApplicationScoped
public class DocumentPublishing {

    private static final Logger LOG = Logger.getLogger(DocumentPublishing.class);

    private final DocumentRepository documents;
    private final VectorClient vectors;
    private final DocumentEvents events;

    public DocumentPublishing(DocumentRepository documents, VectorClient vectors, DocumentEvents events) {
        this.documents = documents;
        this.vectors = vectors;
        this.events = events;
    }

    /**
     * Publishes ({@code published=true}) or unpublishes any user's document. Idempotent: doing it again
     * re-applies the flag to the index (repairing any drift) and answers the same.
     *
     * @param adminId the admin doing it, recorded on the row and in the log
     */
    public Uni<Document> setPublished(UUID id, String adminId, boolean published) {
        return Panache.withTransaction(() -> {
                    Executor here = VertxContexts.current();
                    return documents.lockAny(id)
                            .onItem().ifNull().failWith(() -> ProblemException.notFound("No document " + id + "."))
                            .call(document -> vectors.setVisibility(id, document.ownerId, published)
                                    .emitOn(here) // back on the session's context after the remote call
                                    .onFailure().transform(e -> {
                                        LOG.warnf("vector-service could not %s document %s: %s", verb(published), id, e.toString());
                                        return ProblemException.unavailable("The search index could not be changed right now;"
                                                + " the document was not " + verb(published) + "ed. Try again shortly.");
                                    }))
                            .invoke(document -> {
                                document.published = published;
                                document.publishedAt = published ? Instant.now().truncatedTo(ChronoUnit.MICROS) : null;
                                document.publishedBy = published ? adminId : null;
                            });
                })
                .invoke(document -> LOG.infof("Admin %s %sed document %s of %s", adminId, verb(published), id, document.ownerId))
                .call(document -> events.publish(DocumentEvent.of(id, document.ownerId,
                        published ? DocumentEvent.Status.PUBLISHED : DocumentEvent.Status.UNPUBLISHED).withShared(true)));
    }

    private static String verb(boolean published) {
        return published ? "publish" : "unpublish";
    }
}
