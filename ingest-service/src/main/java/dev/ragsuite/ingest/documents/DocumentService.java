package dev.ragsuite.ingest.documents;

import dev.ragsuite.common.reactive.VertxContexts;
import dev.ragsuite.streams.DocumentEvent;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.Document;
import dev.ragsuite.ingest.DocumentStatus;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.jobs.UploadRegistry;
import dev.ragsuite.ingest.jobs.IngestJob;
import dev.ragsuite.ingest.jobs.JobQueue;
import dev.ragsuite.ingest.events.DocumentEvents;
import dev.ragsuite.ingest.importing.ImportRefusedException;
import dev.ragsuite.ingest.importing.UrlFetcher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
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
    private final UploadRegistry registry;
    private final UrlFetcher fetcher;

    public DocumentService(DocumentRepository documents, DocumentStorage storage, ContentSniffer sniffer,
            JobQueue jobs, DocumentEvents events, VectorClient vectors, UploadRegistry registry, IngestConfig config,
            UrlFetcher fetcher) {
        this.registry = registry;
        this.fetcher = fetcher;
        this.documents = documents;
        this.storage = storage;
        this.sniffer = sniffer;
        this.jobs = jobs;
        this.events = events;
        this.vectors = vectors;
        this.config = config;
    }

    /** An upload's answer: the document, and whether it already existed with exactly these bytes. */
    public record UploadResult(Document document, boolean duplicate) {
    }

    /**
     * Checks, stores and registers one upload. The same bytes by the same owner again return the
     * existing document ({@code duplicate}); changed bytes under the name of an existing document make
     * its next version (its current chunks stay searchable until the new version is indexed); anything
     * else is a new document. A new document or version comes back {@code queued}.
     * <p>
     * Once the row is committed the job cannot be lost: if Redis refuses the stream entry, the
     * reconciler enqueues the row later, so the upload still answers 202.
     */
    public Uni<UploadResult> upload(String ownerId, FileUpload upload) {
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
        UUID storageKey = UUID.randomUUID();
        String name = UploadNames.safeBaseName(upload.fileName());
        Executor here = VertxContexts.current();
        // sniffing, hashing and copying block: a worker thread; then one transaction decides what the upload is
        return VertxContextSupport.executeBlocking(() -> store(ownerId, name, storageKey, upload))
                .chain(registry::register)
                .emitOn(here)
                .onFailure().call(() -> deleteFile(storageKey))
                .call(registered -> registered.duplicate() ? deleteFile(storageKey)
                        : registered.replacedStorageKey() != null ? deleteFile(UUID.fromString(registered.replacedStorageKey()))
                        : Uni.createFrom().voidItem())
                .onFailure().transform(e -> unavailable("save", storageKey, e))
                .chain(registered -> queued(ownerId, registered));
    }

    /**
     * Reads the registered row (before the job is on the stream, so the answer shows it as registered), then
     * puts a new document or version on the job stream and announces it as {@code queued}.
     */
    private Uni<UploadResult> queued(String ownerId, UploadRegistry.Registered registered) {
        return Panache.withSession(() -> documents.findOwned(registered.id(), ownerId))
                .onItem().ifNull().failWith(() -> ProblemException.conflict(
                        "The document was deleted while it was registered; send it again."))
                .map(d -> new UploadResult(d, registered.duplicate()))
                .call(result -> result.duplicate() ? Uni.createFrom().voidItem()
                        : announce(result.document().id, ownerId, result.document().version, result.document().published));
    }

    /**
     * Puts a registered document version on the job stream and announces it as {@code queued}. If Redis refuses
     * the entry the reconciler enqueues the row later, so this never fails. Needs no Vert.x context (a
     * connector's sync thread calls it too).
     */
    public Uni<Void> announce(UUID id, String ownerId, int version, boolean published) {
        return jobs.enqueue(new IngestJob(id, ownerId, version))
                .onFailure().invoke(e -> LOG.warnf("Could not enqueue document %s (the reconciler will): %s", id, e.getMessage()))
                .onFailure().recoverWithNull()
                .chain(() -> events.publish(DocumentEvent.of(id, ownerId, DocumentEvent.Status.QUEUED)
                        .withVersion(version).withShared(published)))
                .replaceWithVoid();
    }

    /**
     * Accepts a web address for importing: checks it at once (scheme, host, the addresses its host resolves to
     * now: a 400 problem naming why it is refused), then registers a document with source {@code url} that a
     * worker fetches, sniffs and indexes like an upload (a refusal found then, e.g. a redirect to a private
     * address, fails the document with the reason). The owner's earlier import of the same address becomes its
     * next version, fetched again.
     */
    public Uni<UploadResult> importUrl(String ownerId, String url) {
        if (!config.urlImport().enabled()) {
            return Uni.createFrom().failure(ProblemException.forbidden(
                    "Imports from web addresses are switched off on this server (rag.ingest.import.enabled=false)."));
        }
        UUID storageKey = UUID.randomUUID();
        Executor here = VertxContexts.current();
        return VertxContextSupport.executeBlocking(() -> fetcher.check(url)) // DNS blocks: a worker thread
                .onFailure(e -> e instanceof ImportRefusedException || e instanceof UrlFetcher.FetchFailedException)
                .transform(e -> ProblemException.badRequest(e.getMessage()))
                .chain(checked -> registry.registerImport(ownerId, UploadNames.safeBaseName(checked.documentName()),
                        checked.withoutFragment(), storageKey.toString()))
                .emitOn(here)
                .onFailure().transform(e -> e instanceof ProblemException ? e : unavailable("register", storageKey, e))
                .call(registered -> registered.replacedStorageKey() != null
                        ? deleteFile(UUID.fromString(registered.replacedStorageKey())) : Uni.createFrom().voidItem())
                .chain(registered -> queued(ownerId, registered));
    }

    /** Sniffs the type and copies the bytes into storage (blocking). */
    private UploadRegistry.NewUpload store(String ownerId, String name, UUID storageKey, FileUpload upload)
            throws java.io.IOException {
        String contentType = sniffer.sniff(upload.uploadedFile(), name);
        StoredFile file = storage.store(storageKey, upload.uploadedFile());
        return new UploadRegistry.NewUpload(ownerId, name, contentType, file.sizeBytes(), file.sha256(), storageKey.toString());
    }

    /** The caller's documents and those an admin published to everyone, newest first. */
    @WithSession
    public Uni<DocumentPage> list(String ownerId, int page, int size) {
        return documents.pageOf(ownerId, page, size)
                .chain(items -> documents.countOf(ownerId).map(total -> new DocumentPage(items, page, size, total)));
    }

    /** The owner's document, or null when there is none (own session: usable from any Vert.x context). */
    public Uni<Document> find(String ownerId, UUID id) {
        return Panache.withSession(() -> documents.findOwned(id, ownerId));
    }

    /** The caller's document or one published to everyone (read-only for them); 404 otherwise. */
    @WithSession
    public Uni<Document> get(String callerId, UUID id) {
        return documents.findVisible(id, callerId).onItem().ifNull().failWith(() -> notFound(id));
    }

    /**
     * Removes the document's vectors and keyword entries (all versions, staged or visible), then its
     * row, then its bytes, and returns an audit in which every "remaining" figure was counted by
     * asking that store afterwards. The row is locked while vector-service deletes, so a worker
     * finishing this document at the same moment waits, then finds the row gone and removes what it
     * indexed itself. If vector-service cannot delete, nothing is deleted and the caller gets 503.
     */
    public Uni<DeleteOutcome> delete(String ownerId, UUID id) {
        String[] storageKey = new String[1];
        boolean[] published = new boolean[1];
        return Panache.withTransaction(() -> {
                    Executor here = VertxContexts.current();
                    return documents.lockOwned(id, ownerId)
                            .onItem().ifNull().switchTo(() -> documents.findVisible(id, ownerId)
                                    .onItem().ifNull().failWith(() -> notFound(id))
                                    .onItem().failWith(shared -> ProblemException.forbidden(
                                            "This document was published to everyone by an admin; only its owner can delete it.")))
                            .invoke(document -> {
                                storageKey[0] = document.storageKey;
                                published[0] = document.published;
                            })
                            .chain(document -> vectors.deleteDocument(id, ownerId)
                                    .emitOn(here) // back on the session's context after the remote call
                                    .onFailure().transform(e -> {
                                        LOG.warnf("vector-service could not delete the chunks of document %s: %s", id, e.toString());
                                        return ProblemException.unavailable(
                                                "The document's search index could not be cleared right now; nothing was deleted. Try again shortly.");
                                    }))
                            .call(() -> documents.deleteById(id));
                })
                .call(() -> deleteFile(UUID.fromString(storageKey[0])))
                .chain(removed -> audit(ownerId, id, storageKey[0], removed))
                .call(outcome -> events.publish(DocumentEvent.of(id, ownerId, DocumentEvent.Status.DELETED)
                        .withShared(published[0])));
    }

    /** Asks each store what is left of the document after the delete. */
    private Uni<DeleteOutcome> audit(String ownerId, UUID id, String storageKey, dev.ragsuite.vector.api.DeleteResult removed) {
        Uni<dev.ragsuite.vector.api.DocumentIndexStats> index = vectors.documentStats(id, ownerId)
                .onFailure().invoke(e -> LOG.warnf("Could not audit the index after deleting %s: %s", id, e.toString()))
                .onFailure().recoverWithItem(() -> new dev.ragsuite.vector.api.DocumentIndexStats(
                        removed.remaining(), removed.keywordRemaining(), 0));
        Uni<Long> bytes = VertxContextSupport.executeBlocking(() -> {
            java.nio.file.Path file = storage.pathOf(storageKey);
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : 0L;
        });
        Uni<Boolean> row = Panache.withSession(() -> documents.exists(id));
        return Uni.combine().all().unis(index, bytes, row).asTuple()
                .map(t -> new DeleteOutcome(id, removed.deleted(), t.getItem1().vectors(), t.getItem1().keywordEntries(),
                        t.getItem1().staged(), t.getItem2(), t.getItem3() ? 1 : 0));
    }

    private Uni<Void> deleteFile(UUID id) {
        return VertxContextSupport.executeBlocking(() -> {
            storage.deleteQuietly(id);
            return null;
        });
    }

    private static Throwable unavailable(String step, UUID id, Throwable e) {
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.errorf(e, "Upload %s failed at the %s step; nothing was kept", id, step);
        return ProblemException.unavailable("The document could not be saved right now; nothing was kept. Try again shortly.");
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No document " + id + ".");
    }
}
