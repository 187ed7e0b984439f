package dev.ragsuite.chat.health;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.common.health.DownstreamProbe;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when vector-service is live: without retrieval no question can be answered. Ollama's
 * reachability is reported (when model answers are on) but never makes this check DOWN, because the
 * extractive answers still serve while the model is away.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadinessCheck implements AsyncHealthCheck {

    private final DownstreamProbe probe;
    private final ChatConfig config;
    private final URI vectorUrl;
    private final URI ollamaTags;

    public DependenciesReadinessCheck(DownstreamProbe probe, ChatConfig config) {
        this.probe = probe;
        this.config = config;
        this.vectorUrl = config.retrieval().url();
        this.ollamaTags = config.llm().baseUrl().resolve("/api/tags");
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<Boolean> ollama = config.llm().enabled() ? probe.answers(ollamaTags) : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(probe.answers(vectorUrl.resolve("/q/health/live")), ollama).asTuple()
                .map(results -> {
                    boolean vectorUp = results.getItem1();
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named("chat-dependencies")
                            .status(vectorUp)
                            .withData("vector-service", vectorUp ? "up" : "down");
                    Boolean ollamaUp = results.getItem2();
                    if (ollamaUp == null) {
                        builder.withData("answers", "extractive (no language model configured)");
                    } else {
                        builder.withData("ollama", ollamaUp ? "up" : "down (answering extractively)");
                    }
                    return builder.build();
                });
    }
}
