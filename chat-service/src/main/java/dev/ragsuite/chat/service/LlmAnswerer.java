package dev.ragsuite.chat.service;

import dev.langchain4j.model.chat.ChatModel;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.common.vector.SearchHit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Answers with the Ollama chat model from the retrieved passages, and never lets the model fail a
 * question: a slow model runs into {@code @Timeout} (value {@code rag.chat.llm.timeout-millis}, wired in
 * application.properties), errors open the {@code @CircuitBreaker}, and either way {@code @Fallback}
 * answers extractively from the same passages.
 *
 * <p>The model's citation markers are checked against the passages it was given: out-of-range markers
 * are removed and counted ({@code rag.citation.invalid}), and the answer cites only the passages its
 * valid markers name.
 */
@ApplicationScoped
public class LlmAnswerer {

    private static final Logger LOG = Logger.getLogger(LlmAnswerer.class);

    private final ChatModel model;
    private final ExtractiveAnswerer extractive;
    private final ChatConfig config;
    private final Counter invalidCitations;

    public LlmAnswerer(ChatModel model, ExtractiveAnswerer extractive, ChatConfig config, MeterRegistry registry) {
        this.model = model;
        this.extractive = extractive;
        this.config = config;
        this.invalidCitations = Counter.builder("rag.citation.invalid")
                .description("Citation markers in model answers that named no passage given to the model")
                .register(registry);
    }

    /** The model's answer to the question from these passages (non-empty, in retrieval order). */
    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 30_000, successThreshold = 1)
    @Fallback(fallbackMethod = "extractiveFallback")
    public Uni<Answer> answer(String question, List<SearchHit> hits) {
        return Uni.createFrom().item(() -> model.chat(PromptBuilder.build(question, hits, config.llm().maxPassageChars())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(response -> response.aiMessage() == null ? null : response.aiMessage().text())
                .map(text -> toAnswer(question, text, hits))
                .onFailure().invoke(e -> LOG.warnf("The language model did not answer (%s: %s); answering extractively",
                        e.getClass().getSimpleName(), e.getMessage()));
    }

    /** Same passages, no model: used on timeout, model errors and while the circuit is open. */
    Uni<Answer> extractiveFallback(String question, List<SearchHit> hits) {
        return Uni.createFrom().item(() -> extractive.answer(question, hits))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Answer toAnswer(String question, String text, List<SearchHit> hits) {
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("the model returned an empty answer");
        }
        CitationChecker.Result checked = CitationChecker.check(text, hits.size());
        if (checked.invalid() > 0) {
            invalidCitations.increment(checked.invalid());
            LOG.infof("Removed %d citation marker(s) naming no given passage (1..%d)", checked.invalid(), hits.size());
        }
        if (checked.text().isBlank()) {
            throw new IllegalStateException("the model's answer held nothing but invalid citations");
        }
        List<Citation> citations = checked.cited().stream()
                .map(n -> extractive.citationFor(question, n, hits.get(n - 1)))
                .toList();
        return new Answer(checked.text(), AnswerMode.LLM, citations);
    }
}
