package dev.ragsuite.vector.health;

import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.index.IndexManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the active index is open (its model is loaded before it opens) and its backend answers
 * (Qdrant: a health-check call within the configured timeout; Lucene is local). A running re-index
 * does not make the service unready: the active index keeps serving; its progress is reported.
 */
@Readiness
@ApplicationScoped
public class VectorReadinessCheck implements HealthCheck {

    private final IndexManager indexes;

    public VectorReadinessCheck(IndexManager indexes) {
        this.indexes = indexes;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vector-index")
                .withData("backend", indexes.backend())
                .withData("model", indexes.model())
                .withData("dimensions", indexes.dimensions());
        if (!indexes.isOpen()) {
            return response.down().withData("reason", "the index is closed").build();
        }
        Optional<String> unreachable = indexes.probe();
        if (unreachable.isPresent()) {
            return response.down().withData("reason", unreachable.get()).build();
        }
        ReindexStatus reindex = indexes.reindexStatus();
        response.withData("reindex", reindex.state());
        if (ReindexStatus.RUNNING.equals(reindex.state())) {
            response.withData("reindexDone", reindex.done()).withData("reindexTotal", reindex.total());
        }
        return response.up().withData("chunks", indexes.size()).build();
    }
}
