package dev.ragsuite.ingest.client;

import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.vector.api.ActivateResult;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.DocumentIndexStats;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.vector.api.VisibilityResult;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way into vector-service: every call has a timeout, transient failures (connection
 * errors, 5xx, timeouts) are retried, and a circuit breaker stops hammering a service that is down.
 * A 4xx ({@link VectorRejectedException}) is neither retried nor counted against the breaker.
 * Retrying an upsert is safe: chunk ids are deterministic, so the same chunks replace themselves.
 * The values are {@code rag.ingest.vector.<call>.*} ({@link IngestConfig.Vector}).
 */
@ApplicationScoped
public class VectorClient {

    private final VectorServiceClient client;
    private final Guard upsert;
    private final Guard activate;
    private final Guard discard;
    private final Guard stats;
    private final Guard delete;
    private final Guard visibility;

    public VectorClient(@RestClient VectorServiceClient client, IngestConfig config) {
        this.client = client;
        IngestConfig.Vector vector = config.vector();
        this.upsert = guard("upsert", vector.upsert(), vector.breaker());
        this.activate = guard("activate-version", vector.activate(), vector.breaker());
        this.discard = guard("discard-version", vector.discard(), vector.breaker());
        this.stats = guard("document-stats", vector.stats(), vector.breaker());
        this.delete = guard("delete-document", vector.delete(), vector.breaker());
        this.visibility = guard("set-visibility", vector.visibility(), vector.breaker());
    }

    /** Embeds and stores one batch of chunks. Embedding 64 chunks on a CPU takes seconds, the first call longer. */
    public Uni<UpsertResult> upsert(UpsertRequest request) {
        return guarded(upsert, () -> client.upsert(request));
    }

    /** Makes one version of a document the searchable one, in one index commit. Idempotent. */
    public Uni<ActivateResult> activateVersion(UUID documentId, int version, String ownerId) {
        return guarded(activate, () -> client.activateVersion(documentId, version, ownerId));
    }

    /** Removes the staged chunks of a version that will never be activated. */
    public Uni<DeleteResult> discardVersion(UUID documentId, int version, String ownerId) {
        return guarded(discard, () -> client.discardVersion(documentId, version, ownerId));
    }

    /** What the index holds for one document, counted by vector-service (deletion audit). */
    public Uni<DocumentIndexStats> documentStats(UUID documentId, String ownerId) {
        return guarded(stats, () -> client.documentStats(documentId, ownerId));
    }

    /** Removes every chunk of one document of one owner. */
    public Uni<DeleteResult> deleteDocument(UUID documentId, String ownerId) {
        return guarded(delete, () -> client.deleteDocument(documentId, ownerId));
    }

    /** Makes every chunk of one document searchable by every user, or by its owner alone again. Idempotent. */
    public Uni<VisibilityResult> setVisibility(UUID documentId, String ownerId, boolean published) {
        return guarded(visibility, () -> client.setVisibility(documentId, ownerId, published));
    }

    /** Runs the call under its guard; each attempt in the caller's trace context (see {@link #inTrace}). */
    private static <T> Uni<T> guarded(Guard guard, Supplier<Uni<T>> attempt) {
        Context trace = Context.current();
        return guard.get(() -> inTrace(trace, attempt.get()), new TypeLiteral<Uni<T>>() {
        });
    }

    /**
     * Subscribes to one attempt inside the caller's trace context, so the REST client's span is a child
     * of the caller's (the worker's CONSUMER span, say) even for a retry, which starts on a timer thread.
     */
    private static <T> Uni<T> inTrace(Context trace, Uni<T> attempt) {
        return Uni.createFrom().emitter(emitter -> {
            try (Scope ignored = trace.makeCurrent()) {
                Cancellable call = attempt.subscribe().with(emitter::complete, emitter::fail);
                emitter.onTermination(call::cancel); // a timed-out attempt's request is cancelled, not left running
            }
        });
    }

    private static Guard guard(String name, IngestConfig.Vector.Call call, IngestConfig.Vector.Breaker breaker) {
        Guard.Builder builder = Guard.create()
                .withDescription("vector-service " + name)
                .withTimeout().duration(call.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withRetry().maxRetries(call.maxRetries())
                        .delay(call.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .jitter(call.retryJitter().toMillis(), ChronoUnit.MILLIS)
                        .abortOn(VectorRejectedException.class).done();
        if (call.circuitBreaker()) {
            builder = builder.withCircuitBreaker()
                    .name("vector-service-" + name) // CircuitBreakerMaintenance reads or resets it by this name
                    .requestVolumeThreshold(breaker.requestVolumeThreshold()).failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .skipOn(VectorRejectedException.class).done();
        }
        return builder.build();
    }
}
