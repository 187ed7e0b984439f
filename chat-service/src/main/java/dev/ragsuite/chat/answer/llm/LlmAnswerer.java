package dev.ragsuite.chat.answer.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.Turn;
import dev.ragsuite.chat.answer.extractive.ExtractiveAnswerer;
import dev.ragsuite.chat.answer.extractive.QueryCondenser;
import dev.ragsuite.chat.answer.extractive.TextAnalysis;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.config.Guards;
import dev.ragsuite.chat.metrics.ChatMetrics;
import dev.ragsuite.vector.api.SearchHit;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Everything chat-service asks the configured language model ({@link LanguageModels}: Ollama, Gemini or an
 * OpenAI-compatible server, one interface), each call guarded so the model can never fail a question: a timeout and a circuit breaker per call kind (SmallRye Fault Tolerance guards built from
 * {@code rag.chat.llm.*}, see {@link ChatConfig.Llm}), and a fallback without the model.
 * <ul>
 * <li>{@link #answer}: the whole answer; falls back to the extractive answer from the same passages.</li>
 * <li>{@link #openStream}: a streamed answer, guarded until its first piece arrives (the caller falls
 * back to the extractive answer when it fails; see {@code AnswerStreamer}).</li>
 * <li>{@link #condense}: a follow-up rewritten as a standalone question; falls back to the heuristic
 * rewrite of {@link QueryCondenser}.</li>
 * </ul>
 * Citation markers of whole answers are checked here ({@link CitationChecker}); out-of-range ones are
 * removed and counted ({@code rag.citation.invalid}), and the answer cites only what its valid markers name.
 * A model answer names its model ({@link LanguageModel#label()}); a fallback names {@code extractive}.
 */
@ApplicationScoped
public class LlmAnswerer {

    private static final Logger LOG = Logger.getLogger(LlmAnswerer.class);
    /** A rewritten follow-up longer than this is not a question but a model rambling: the heuristic is used. */
    private static final int MAX_CONDENSED_CHARS = 500;

    private final LanguageModels models;
    private final ExtractiveAnswerer extractive;
    private final QueryCondenser condenser;
    private final ChatConfig config;
    private final ChatMetrics metrics;
    private final TypedGuard<Uni<Answer>> answerGuard;
    private final TypedGuard<Uni<ModelStream>> streamGuard;
    private final TypedGuard<Uni<String>> condenseGuard;

    public LlmAnswerer(LanguageModels models, ExtractiveAnswerer extractive, QueryCondenser condenser, ChatConfig config,
            ChatMetrics metrics) {
        this.models = models;
        this.extractive = extractive;
        this.condenser = condenser;
        this.config = config;
        this.metrics = metrics;
        ChatConfig.Llm llm = config.llm();
        this.answerGuard = Guards.timeoutAndBreaker(new TypeLiteral<Uni<Answer>>() {
        }, "model answer", llm.timeoutMillis(), llm.circuitBreaker()).build();
        this.streamGuard = Guards.timeoutAndBreaker(new TypeLiteral<Uni<ModelStream>>() {
        }, "model stream start", llm.timeoutMillis(), llm.circuitBreaker()).build();
        this.condenseGuard = Guards.timeoutAndBreaker(new TypeLiteral<Uni<String>>() {
        }, "follow-up rewrite", llm.condenseTimeoutMillis(), llm.circuitBreaker()).build();
    }

    /**
     * The model's answer to the question from these passages (non-empty, in retrieval order); the
     * extractive answer from the same passages on timeout, model errors and while the circuit is open.
     */
    public Uni<Answer> answer(String question, List<SearchHit> hits) {
        return answerGuard.get(() -> chat("answer", () -> PromptBuilder.build(question, hits, config.llm().maxPassageChars()))
                .map(reply -> toAnswer(question, reply, hits))
                .onFailure().invoke(e -> LOG.warnf("The language model did not answer (%s: %s); answering extractively",
                        e.getClass().getSimpleName(), e.getMessage())))
                .onFailure().recoverWithUni(() -> extractive.answerOffLoop(question, hits));
    }

    /**
     * A streamed model answer that has started: its first non-empty piece and the rest (raw model text,
     * citation markers unchecked). {@code rest} must be subscribed to (or cancelled) once.
     */
    public record ModelStream(String first, Multi<String> rest, String model) {
    }

    /**
     * Starts streaming the model's answer; the item arrives with the first piece of text. Fails on a model
     * error, an answer without text, no first piece within the timeout, or while the circuit is open; the
     * caller then answers without the model. The time between later pieces is the caller's to bound.
     */
    public Uni<ModelStream> openStream(String question, List<SearchHit> hits) {
        List<ChatMessage> prompt = PromptBuilder.build(question, hits, config.llm().maxPassageChars());
        return streamGuard.get(() -> Uni.createFrom().<ModelStream> emitter(emitter -> {
            LanguageModel model = model();
            UnicastProcessor<String> rest = UnicastProcessor.create();
            AtomicBoolean started = new AtomicBoolean();
            AtomicBoolean abandoned = new AtomicBoolean();
            // a timed-out or cancelled start: the model may still be talking, its pieces go nowhere
            emitter.onTermination(() -> {
                if (!started.get()) {
                    abandoned.set(true);
                }
            });
            model.streaming().chat(prompt, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String piece) {
                    if (abandoned.get() || piece == null || piece.isEmpty()) {
                        return;
                    }
                    if (started.compareAndSet(false, true)) {
                        emitter.complete(new ModelStream(piece, rest, model.label()));
                    } else {
                        rest.onNext(piece);
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    metrics.tokens("stream", model, response); // the model did the work, whoever still listens
                    if (abandoned.get()) {
                        return;
                    }
                    if (started.get()) {
                        rest.onComplete();
                    } else {
                        emitter.fail(new IllegalStateException("the model returned an empty answer"));
                    }
                }

                @Override
                public void onError(Throwable error) {
                    if (abandoned.get()) {
                        return;
                    }
                    if (started.get()) {
                        rest.onError(error);
                    } else {
                        emitter.fail(error);
                    }
                }
            });
        }).onFailure().invoke(e -> LOG.warnf("The language model did not start streaming (%s: %s); answering extractively",
                e.getClass().getSimpleName(), e.getMessage())));
    }

    /**
     * The follow-up rewritten by the model as a question that stands on its own, given the earlier turns
     * (oldest first); the heuristic rewrite when the model fails, is slow, or replies with something that
     * is not a one-line question.
     */
    public Uni<String> condense(String question, List<Turn> history) {
        return condenseGuard.get(() -> chat("condense", () -> PromptBuilder.condense(question, history, config.llm().maxPassageChars()))
                .map(reply -> {
                    String line = reply.text() == null ? "" : TextAnalysis.normalizeSpace(reply.text()).strip();
                    if (line.startsWith("\"") && line.endsWith("\"") && line.length() > 1) {
                        line = line.substring(1, line.length() - 1).strip();
                    }
                    if (line.isEmpty() || line.length() > MAX_CONDENSED_CHARS) {
                        throw new IllegalStateException("the model's rewrite was empty or too long");
                    }
                    return line;
                })
                .onFailure().invoke(e -> LOG.infof("The language model did not rewrite a follow-up (%s: %s); using the heuristic",
                        e.getClass().getSimpleName(), e.getMessage())))
                .onFailure().recoverWithUni(() -> Uni.createFrom().item(() -> condenser.heuristic(question, history)));
    }

    /** A model's reply: its text (null when it had none) and the model ({@link LanguageModel#label()}). */
    private record Reply(String text, String model) {
    }

    /** One blocking model call ({@code call}: answer or condense) on a worker thread; its tokens counted; its text. */
    private Uni<Reply> chat(String call, Supplier<List<ChatMessage>> prompt) {
        return Uni.createFrom().item(() -> {
            LanguageModel model = model();
            ChatResponse response = model.chat().chat(prompt.get());
            metrics.tokens(call, model, response);
            return new Reply(response.aiMessage() == null ? null : response.aiMessage().text(), model.label());
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The configured model; fails (and so falls back) when model answers are off. */
    private LanguageModel model() {
        return models.configured().orElseThrow(() -> new IllegalStateException("no language model is configured"));
    }

    private Answer toAnswer(String question, Reply reply, List<SearchHit> hits) {
        String text = reply.text();
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("the model returned an empty answer");
        }
        CitationChecker.Result checked = CitationChecker.check(text, hits.size());
        if (checked.invalid() > 0) {
            metrics.invalidCitations(checked.invalid());
            LOG.infof("Removed %d citation marker(s) naming no given passage (1..%d)", checked.invalid(), hits.size());
        }
        if (checked.text().isBlank()) {
            throw new IllegalStateException("the model's answer held nothing but invalid citations");
        }
        return new Answer(checked.text(), AnswerMode.LLM, citations(question, checked.cited(), hits), reply.model());
    }

    /** The citations of passages {@code cited} (1-based numbers), snippets centred on what matches the question. */
    public List<Citation> citations(String question, List<Integer> cited, List<SearchHit> hits) {
        return cited.stream().map(n -> extractive.citationFor(question, n, hits.get(n - 1))).toList();
    }
}
