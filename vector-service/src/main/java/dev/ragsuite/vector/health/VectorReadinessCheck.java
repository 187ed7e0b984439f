package dev.ragsuite.vector.health;

import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.store.VectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the embedding model is loaded (it is created at startup, so its bean existing means
 * it loaded) and the vector index is open. Liveness stays the cheap default.
 */
@Readiness
@ApplicationScoped
public class VectorReadinessCheck implements HealthCheck {

    private final Embedder embedder;
    private final VectorStore store;

    public VectorReadinessCheck(Embedder embedder, VectorStore store) {
        this.embedder = embedder;
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vector-index")
                .withData("backend", store.name())
                .withData("model", embedder.modelName())
                .withData("dimensions", embedder.dimensions());
        if (!store.isOpen()) {
            return response.down().withData("reason", "the index is closed").build();
        }
        return response.up().withData("chunks", store.size()).build();
    }
}
