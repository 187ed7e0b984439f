package dev.ragsuite.vector.health;

import dev.ragsuite.common.health.DownstreamProbe;
import dev.ragsuite.vector.config.VectorConfig;
import dev.ragsuite.vector.embedding.provider.EmbedderRegistry;
import dev.ragsuite.vector.embedding.provider.OllamaEmbedder;
import dev.ragsuite.vector.index.IndexManager;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when Ollama answers ({@code GET /api/tags}, 2xx within two seconds), and checked only while
 * an Ollama model is in use: the active index's model or the configured one is {@code ollama:<name>}.
 * Without Ollama such an index can embed neither chunks nor queries. With an in-process model this
 * check reports UP without calling anything.
 */
@Readiness
@ApplicationScoped
public class OllamaEmbeddingReadiness implements AsyncHealthCheck {

    static final String NAME = "ollama-embeddings";

    private final DownstreamProbe probe;
    private final IndexManager indexes;
    private final EmbedderRegistry embedders;
    private final Optional<String> baseUrl;

    public OllamaEmbeddingReadiness(DownstreamProbe probe, IndexManager indexes, EmbedderRegistry embedders,
            VectorConfig config) {
        this.probe = probe;
        this.indexes = indexes;
        this.embedders = embedders;
        this.baseUrl = config.embedding().ollama().baseUrl().filter(url -> !url.isBlank());
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Optional<String> model = ollamaModelInUse();
        if (model.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("used", false).build());
        }
        if (baseUrl.isEmpty()) { // refused at start-up already; reported should that ever change
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).down().withData("model", model.get())
                    .withData("reason", "OLLAMA_BASE_URL is not set").build());
        }
        URI base = URI.create(baseUrl.get());
        return probe.answers(base.resolve("/api/tags")).map(up -> HealthCheckResponse.named(NAME)
                .status(up)
                .withData("model", model.get())
                .withData("url", base.toString())
                .build());
    }

    private Optional<String> ollamaModelInUse() {
        String active = indexes.isOpen() ? indexes.model() : "";
        if (active.startsWith(OllamaEmbedder.PREFIX)) {
            return Optional.of(active);
        }
        String configured = embedders.configuredModel();
        return configured.startsWith(OllamaEmbedder.PREFIX) ? Optional.of(configured) : Optional.empty();
    }
}
