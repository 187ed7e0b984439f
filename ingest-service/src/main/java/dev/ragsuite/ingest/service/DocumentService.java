package dev.ragsuite.ingest.service;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.repository.DocumentRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The user-facing document operations, each scoped to one owner: another user's document is
 * indistinguishable from a missing one. Nothing is left half-done: an upload either ends with a
 * stored file, a row and a queued job, or with none of them.
 */
@ApplicationScoped
public class DocumentService {

    private static final Logger LOG = Logger.getLogger(DocumentService.class);

    private final DocumentRepository documents;
    private final DocumentStorage storage;
    private final ContentSniffer sniffer;
    private final JobQueue jobs;
    private final DocumentEvents events;
    private final VectorClient vectors;
    private final IngestConfig config;

    public DocumentService(DocumentRepository documents, DocumentStorage storage, ContentSniffer sniffer,
            JobQueue jobs, DocumentEvents events, VectorClient vectors, IngestConfig config) {
        this.documents = documents;
        this.storage = storage;
        this.sniffer = sniffer;
        this.jobs = jobs;
        this.events = events;
        this.vectors = vectors;
        this.config = config;
    }

    /** Checks, stores and queues one upload; the document comes back {@code queued}. */
    public Uni<Document> upload(String ownerId, FileUpload upload) {
        if (upload == null || upload.uploadedFile() == null) {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "Send the document as a multipart/form-data field named 'file'."));
        }
        if (upload.size() == 0) {
            return Uni.createFrom().failure(ProblemException.badRequest("The file is empty."));
        }
        if (upload.size() > config.maxUploadBytes()) {
            return Uni.createFrom().failure(ProblemException.payloadTooLarge(
                    "The file has " + upload.size() + " bytes; the limit is " + config.maxUploadBytes() + " bytes."));
        }
        UUID id = UUID.randomUUID();
        String name = UploadNames.safeBaseName(upload.fileName());
        // sniffing, hashing and copying block: run them on a worker thread, continue on this context
        return VertxContextSupport.executeBlocking(() -> {
                    String contentType = sniffer.sniff(upload.uploadedFile(), name);
                    return newDocument(id, ownerId, name, contentType, storage.store(id, upload.uploadedFile()));
                })
                .chain(document -> insert(document)
                        .onFailure().call(() -> deleteFile(id))
                        .onFailure().transform(e -> unavailable("save", id, e)))
                .call(document -> jobs.enqueue(new IngestJob(id, ownerId, 1))
                        .onFailure().call(() -> Panache.withTransaction(() -> documents.deleteById(id))
                                .onFailure().invoke(e -> LOG.errorf(e, "Could not remove document %s after a failed enqueue", id))
                                .onFailure().recoverWithNull())
                        .onFailure().call(() -> deleteFile(id))
                        .onFailure().transform(e -> unavailable("queue", id, e)))
                .call(document -> events.publish(id, ownerId, DocumentStatus.QUEUED.wire()));
    }

    @WithSession
    public Uni<DocumentPage> list(String ownerId, int page, int size) {
        return documents.pageOf(ownerId, page, size)
                .chain(items -> documents.countOf(ownerId).map(total -> new DocumentPage(items, page, size, total)));
    }

    @WithSession
    public Uni<Document> get(String ownerId, UUID id) {
        return documents.findOwned(id, ownerId).onItem().ifNull().failWith(() -> notFound(id));
    }

    /**
     * Removes the document's vectors, then its row, then its bytes. The row is locked while
     * vector-service deletes, so a worker finishing this document at the same moment waits, then
     * finds the row gone and removes what it indexed itself. If vector-service cannot delete,
     * nothing is deleted and the caller gets 503.
     */
    public Uni<DeleteOutcome> delete(String ownerId, UUID id) {
        return Panache.withTransaction(() -> {
                    Executor here = currentContext();
                    return documents.lockOwned(id, ownerId)
                            .onItem().ifNull().failWith(() -> notFound(id))
                            .chain(document -> vectors.deleteDocument(id, ownerId)
                                    .emitOn(here) // back on the session's context after the remote call
                                    .onFailure().transform(e -> {
                                        LOG.warnf("vector-service could not delete the chunks of document %s: %s", id, e.toString());
                                        return ProblemException.unavailable(
                                                "The document's search index could not be cleared right now; nothing was deleted. Try again shortly.");
                                    }))
                            .call(() -> documents.deleteById(id));
                })
                .map(result -> new DeleteOutcome(id, result.deleted(), result.remaining()))
                .call(() -> deleteFile(id))
                .call(() -> events.publish(id, ownerId, DocumentEvents.DELETED));
    }

    private Uni<Document> insert(Document document) {
        return Panache.withTransaction(() -> documents.persist(document));
    }

    private Uni<Void> deleteFile(UUID id) {
        return VertxContextSupport.executeBlocking(() -> {
            storage.deleteQuietly(id);
            return null;
        });
    }

    private static Document newDocument(UUID id, String ownerId, String name, String contentType, StoredFile file) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Document document = new Document();
        document.id = id;
        document.ownerId = ownerId;
        document.name = name;
        document.contentType = contentType;
        document.sizeBytes = file.sizeBytes();
        document.sha256 = file.sha256();
        document.status = DocumentStatus.QUEUED;
        document.chunkCount = 0;
        document.attempts = 0;
        document.createdAt = now;
        document.updatedAt = now;
        return document;
    }

    private static Throwable unavailable(String step, UUID id, Throwable e) {
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.errorf(e, "Upload of document %s failed at the %s step; nothing was kept", id, step);
        return ProblemException.unavailable("The document could not be " + (step.equals("save") ? "saved" : "queued for indexing")
                + " right now; nothing was kept. Try again shortly.");
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No document " + id + ".");
    }

    /** Runs continuations on the current Vert.x context (Hibernate Reactive sessions are bound to it). */
    private static Executor currentContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x context");
        }
        return task -> context.runOnContext(ignored -> task.run());
    }
}
