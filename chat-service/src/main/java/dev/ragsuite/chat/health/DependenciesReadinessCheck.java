package dev.ragsuite.chat.health;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.answer.llm.LanguageModel;
import dev.ragsuite.chat.answer.llm.LanguageModels;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.common.health.DownstreamProbe;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when vector-service is live: without retrieval no question can be answered. The configured language
 * model is named ({@code llm-provider}, {@code llm-model}) and its reachability reported under the provider's
 * name ({@code ollama}, {@code gemini}, {@code openai}: a GET of its model list or model with the configured key),
 * but it never makes this check DOWN, because the extractive answers still serve while the model is away.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadinessCheck implements AsyncHealthCheck {

    private final DownstreamProbe probe;
    private final URI vectorUrl;
    private final Optional<LanguageModel> model;

    public DependenciesReadinessCheck(DownstreamProbe probe, ChatConfig config, LanguageModels models) {
        this.probe = probe;
        this.vectorUrl = config.retrieval().url();
        this.model = models.configured();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<Boolean> modelUp = model.map(m -> probe.answers(m.probe().url(), m.probe().headers()))
                .orElseGet(() -> Uni.createFrom().nullItem());
        return Uni.combine().all().unis(probe.answers(vectorUrl.resolve("/q/health/live")), modelUp).asTuple()
                .map(results -> {
                    boolean vectorUp = results.getItem1();
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named("chat-dependencies")
                            .status(vectorUp)
                            .withData("vector-service", vectorUp ? "up" : "down");
                    if (model.isEmpty()) {
                        builder.withData("answers", "extractive (no language model configured)")
                                .withData("llm-provider", "none")
                                .withData("llm-model", Answer.EXTRACTIVE_MODEL);
                    } else {
                        LanguageModel m = model.get();
                        builder.withData("llm-provider", m.provider().wire())
                                .withData("llm-model", m.label())
                                .withData(m.provider().wire(), results.getItem2() ? "up" : "down (answering extractively)");
                    }
                    return builder.build();
                });
    }
}
