package dev.ragsuite.ingest.client;

import dev.ragsuite.vector.api.ActivateResult;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.DocumentIndexStats;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way into vector-service: every call has a timeout, transient failures (connection
 * errors, 5xx, timeouts) are retried, and a circuit breaker stops hammering a service that is down.
 * A 4xx ({@link VectorRejectedException}) is neither retried nor counted against the breaker.
 * Retrying an upsert is safe: chunk ids are deterministic, so the same chunks replace themselves.
 * The values can be tuned per deployment with MicroProfile Fault Tolerance config keys, e.g.
 * {@code dev.ragsuite.ingest.client.VectorClient/upsert/Timeout/value=60000}.
 */
@ApplicationScoped
public class VectorClient {

    private final VectorServiceClient client;

    public VectorClient(@RestClient VectorServiceClient client) {
        this.client = client;
    }

    /** Embeds and stores one batch of chunks. Embedding 64 chunks on a CPU takes seconds, the first call longer. */
    @Timeout(30_000)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, abortOn = VectorRejectedException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10_000, skipOn = VectorRejectedException.class)
    public Uni<UpsertResult> upsert(UpsertRequest request) {
        return client.upsert(request);
    }

    /** Makes one version of a document the searchable one, in one index commit. Idempotent. */
    @Timeout(30_000)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, abortOn = VectorRejectedException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10_000, skipOn = VectorRejectedException.class)
    public Uni<ActivateResult> activateVersion(UUID documentId, int version, String ownerId) {
        return client.activateVersion(documentId, version, ownerId);
    }

    /** Removes the staged chunks of a version that will never be activated. */
    @Timeout(10_000)
    @Retry(maxRetries = 1, delay = 200, abortOn = VectorRejectedException.class)
    public Uni<DeleteResult> discardVersion(UUID documentId, int version, String ownerId) {
        return client.discardVersion(documentId, version, ownerId);
    }

    /** What the index holds for one document, counted by vector-service (deletion audit). */
    @Timeout(5_000)
    @Retry(maxRetries = 1, delay = 200, abortOn = VectorRejectedException.class)
    public Uni<DocumentIndexStats> documentStats(UUID documentId, String ownerId) {
        return client.documentStats(documentId, ownerId);
    }

    /** Removes every chunk of one document of one owner. */
    @Timeout(5_000)
    @Retry(maxRetries = 1, delay = 200, abortOn = VectorRejectedException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10_000, skipOn = VectorRejectedException.class)
    public Uni<DeleteResult> deleteDocument(UUID documentId, String ownerId) {
        return client.deleteDocument(documentId, ownerId);
    }
}
