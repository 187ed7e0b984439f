package dev.ragsuite.chat.answer;

import dev.ragsuite.chat.answer.extractive.ExtractiveAnswerer;
import dev.ragsuite.chat.answer.extractive.QueryCondenser;
import dev.ragsuite.chat.answer.llm.LlmAnswerer;
import dev.ragsuite.chat.answer.llm.CitationFilter;
import dev.ragsuite.chat.cache.AnswerCache;
import dev.ragsuite.chat.conversation.ConversationService;
import dev.ragsuite.chat.metrics.ChatMetrics;

import dev.ragsuite.common.reactive.VertxContexts;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.Message;
import dev.ragsuite.chat.retrieval.VectorClient;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.common.problem.Problem;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Answers one question of one user, whole ({@link #ask}) or streamed ({@link #stream}): check the
 * conversation is theirs and read its last turns, turn a follow-up into a standalone query, look the
 * query up in the {@link AnswerCache}, otherwise retrieve their passages and answer (model or
 * extractive), then store the question and answer. No database connection is held while retrieval and
 * generation run.
 *
 * <p>The standalone query (the question itself when there is no conversation before it) is what is
 * retrieved with, answered and cached: a follow-up's answer depends on the conversation only through it.
 * The stored question is always the user's own text.
 *
 * <p>Streamed model answers: every piece passes {@link CitationFilter} before it is sent. When the model
 * fails before anything was sent (error, no first piece within the timeout, open circuit, nothing but
 * invalid markers), the extractive answer is streamed instead, with mode {@code extractive}. When it
 * fails after text was sent (an error, or no next piece within {@code rag.chat.llm.timeout-millis}), the
 * answer ends with what was sent plus {@value #CUT_NOTE}, keeps mode {@code llm}, is counted
 * ({@code rag.chat.stream.cut}) and is not cached. What is stored is exactly what was streamed.
 */
@ApplicationScoped
public class ChatService {

    /** Appended to a streamed model answer that stopped mid-way (it has no citation marker, so it is safe). */
    public static final String CUT_NOTE = "(The answer was cut short: the language model stopped responding.)";

    private static final Logger LOG = Logger.getLogger(ChatService.class);
    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private final VectorClient vector;
    private final ExtractiveAnswerer extractive;
    private final LlmAnswerer llm;
    private final QueryCondenser condenser;
    private final ConversationService conversations;
    private final AnswerCache cache;
    private final ChatMetrics metrics;
    private final ChatConfig config;

    public ChatService(VectorClient vector, ExtractiveAnswerer extractive, LlmAnswerer llm, QueryCondenser condenser,
            ConversationService conversations, AnswerCache cache, ChatMetrics metrics, ChatConfig config) {
        this.vector = vector;
        this.extractive = extractive;
        this.llm = llm;
        this.condenser = condenser;
        this.conversations = conversations;
        this.cache = cache;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * A question, already checked by the resource.
     *
     * @param text trimmed and within limits
     * @param topK null for the configured default
     * @param retrieval null for hybrid
     * @param authorization the caller's {@code Authorization} header, which vector-service scopes the search by
     */
    public record Question(String ownerId, String authorization, String text, UUID conversationId, Integer topK,
            RetrievalMode retrieval) {
    }

    /** A stored answer. */
    public record Reply(Answer answer, UUID conversationId, UUID messageId) {
    }

    /** One event of a streamed answer: tokens, then citations, then done; or an error, which ends the stream. */
    public sealed interface StreamEvent permits Token, Citations, Done, Failed {
    }

    public record Token(String text) implements StreamEvent {
    }

    public record Citations(List<Citation> citations) implements StreamEvent {
    }

    public record Done(UUID conversationId, UUID messageId, AnswerMode mode) implements StreamEvent {
    }

    public record Failed(Problem problem) implements StreamEvent {
    }

    /** What is known before answering: the query to retrieve with and what the cache had. */
    private record Prepared(Question question, int topK, String query, AnswerCache.Lookup cached) {
    }

    public Uni<Reply> ask(Question question) {
        // Hibernate Reactive must be used on the request's Vert.x context; the model answers on a worker thread.
        Executor requestContext = VertxContexts.current();
        return prepare(question)
                .chain(p -> p.cached().hit() ? Uni.createFrom().item(p.cached().answer())
                        : retrieve(question, p.query(), p.topK())
                                .chain(hits -> generate(p.query(), hits))
                                .call(answer -> cacheable(answer) ? cache.store(p.cached().key(), answer)
                                        : Uni.createFrom().voidItem()))
                .emitOn(requestContext)
                .chain(answer -> conversations.store(question.ownerId(), question.conversationId(), question.text(), answer)
                        .map(stored -> new Reply(answer, stored.conversationId(), stored.messageId())));
    }

    /** The answer as events; failures become one {@link Failed} event that ends the stream. */
    public Multi<StreamEvent> stream(Question question) {
        Executor requestContext = VertxContexts.current();
        return prepare(question)
                .onItem().transformToMulti(p -> {
                    Draft draft = new Draft(p.cached().hit() ? null : metrics.start());
                    Multi<String> tokens = p.cached().hit() ? whole(draft, p.cached().answer())
                            : retrieve(question, p.query(), p.topK())
                                    .onItem().transformToMulti(hits -> tokens(draft, p.query(), hits));
                    Multi<StreamEvent> tail = Multi.createFrom().deferred(() -> finish(draft, p, requestContext));
                    return Multi.createBy().concatenating().streams(tokens.map(Token::new), tail);
                })
                .onFailure().recoverWithItem(ChatService::failed);
    }

    private Uni<Prepared> prepare(Question question) {
        int k = question.topK() == null ? config.defaultTopK() : question.topK();
        // on the request's SERVER span: names and counts only, never the question
        Span span = Span.current();
        span.setAttribute("rag.retrieval.top_k", k);
        if (question.retrieval() != null) {
            span.setAttribute("rag.retrieval.mode", question.retrieval().wire());
        }
        Uni<List<Message>> history = question.conversationId() == null ? Uni.createFrom().item(List.of())
                : conversations.history(question.conversationId(), question.ownerId(), config.followups().turns());
        return history
                .chain(turns -> standalone(question.text(), turns))
                .chain(query -> cache.lookup(question.ownerId(), question.retrieval(), k, query)
                        .invoke(lookup -> span.setAttribute("rag.answer_cache.hit", lookup.hit()))
                        .map(lookup -> new Prepared(question, k, query, lookup)));
    }

    /** The follow-up as a query that stands on its own: by the model when there is one, else the heuristic. */
    private Uni<String> standalone(String question, List<Message> history) {
        if (history.isEmpty()) {
            return Uni.createFrom().item(question);
        }
        if (config.llm().enabled()) {
            return llm.condense(question, history);
        }
        return Uni.createFrom().item(() -> condenser.heuristic(question, history));
    }

    private Uni<List<SearchHit>> retrieve(Question question, String query, int k) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = metrics.start();
            return vector.search(question.authorization(), query, k, question.retrieval())
                    .onItemOrFailure().invoke((hits, failure) -> metrics.retrievalDone(sample, failure == null));
        }).onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
            LOG.warnf("Retrieval failed (%s: %s)", e.getClass().getSimpleName(), e.getMessage());
            return ProblemException.unavailable("Retrieval is unavailable right now; please try again shortly.");
        });
    }

    private Uni<Answer> generate(String question, List<SearchHit> hits) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = metrics.start();
            Uni<Answer> answer;
            if (hits.isEmpty()) {
                answer = Uni.createFrom().item(Answer.notFound());
            } else if (config.llm().enabled()) {
                answer = llm.answer(question, hits);
            } else {
                answer = extractiveAnswer(question, hits);
            }
            return answer.invoke(a -> metrics.answered(sample, a.mode()));
        });
    }

    /** CPU work over up to topK passages: kept off the event loop. */
    private Uni<Answer> extractiveAnswer(String question, List<SearchHit> hits) {
        return Uni.createFrom().item(() -> extractive.answer(question, hits))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Answers from the model's own answers only while the model is on: an extractive fallback (model slow or
     * down for a moment) is not kept for an hour in place of the model's answer.
     */
    private boolean cacheable(Answer answer) {
        return !config.llm().enabled() || answer.mode() == AnswerMode.LLM || Answer.NOT_FOUND.equals(answer.text());
    }

    /** A streamed answer in the making: what was sent so far, and how it was made. */
    private static final class Draft {
        final StringBuilder text = new StringBuilder();
        volatile AnswerMode mode = AnswerMode.EXTRACTIVE;
        volatile Supplier<List<Citation>> citations = List::of;
        volatile boolean cacheable = true;
        /** Times the generation; null for a cached answer. */
        final Timer.Sample generation;

        Draft(Timer.Sample generation) {
            this.generation = generation;
        }
    }

    private Multi<String> tokens(Draft draft, String question, List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return whole(draft, Answer.notFound());
        }
        if (config.llm().enabled()) {
            return modelTokens(draft, question, hits);
        }
        return extractiveFallback(draft, question, hits);
    }

    /** A finished answer sent a few words at a time; the pieces add up to exactly its text. */
    private Multi<String> whole(Draft draft, Answer answer) {
        draft.mode = answer.mode();
        draft.citations = answer::citations;
        return sent(draft, Multi.createFrom().iterable(wordGroups(answer.text(), config.streaming().wordsPerEvent())));
    }

    private Multi<String> modelTokens(Draft draft, String question, List<SearchHit> hits) {
        CitationFilter filter = new CitationFilter(hits.size());
        Duration idle = Duration.ofMillis(config.llm().timeoutMillis());
        Multi<String> raw = llm.openStream(question, hits).onItem().transformToMulti(stream -> Multi.createBy()
                .concatenating().streams(Multi.createFrom().item(stream.first()),
                        stream.rest().ifNoItem().after(idle)
                                .failWith(() -> new TimeoutException("no piece of the answer for " + idle.toMillis() + " ms"))));
        Multi<String> checked = Multi.createBy().concatenating()
                .streams(raw.map(filter::accept), Multi.createFrom().item(filter::finish))
                .onSubscription().invoke(() -> {
                    draft.mode = AnswerMode.LLM;
                    draft.citations = () -> llm.citations(question, filter.cited(), hits);
                })
                .onTermination().invoke(() -> metrics.invalidCitations(filter.invalid()));
        return sent(draft, checked)
                // nothing valid at all (say, only invalid markers): as if the model had failed to start
                .onCompletion().ifEmpty().switchTo(() -> extractiveFallback(draft, question, hits))
                .onFailure().recoverWithMulti(e -> {
                    if (draft.text.isEmpty()) {
                        return extractiveFallback(draft, question, hits);
                    }
                    LOG.warnf("The language model stopped mid-answer (%s: %s); ending the answer with a note",
                            e.getClass().getSimpleName(), e.getMessage());
                    metrics.streamCut();
                    draft.cacheable = false;
                    return sent(draft, Multi.createFrom().item(" " + CUT_NOTE));
                });
    }

    /** The extractive answer from the same passages, streamed (also what a failing model falls back to). */
    private Multi<String> extractiveFallback(Draft draft, String question, List<SearchHit> hits) {
        return extractiveAnswer(question, hits).onItem().transformToMulti(a -> whole(draft, a));
    }

    /** Drops empty pieces and records the rest as sent. */
    private static Multi<String> sent(Draft draft, Multi<String> pieces) {
        return pieces.filter(piece -> !piece.isEmpty()).invoke(draft.text::append);
    }

    /** Caches (when fitting), stores the streamed answer as it was sent, then says so. */
    private Multi<StreamEvent> finish(Draft draft, Prepared p, Executor requestContext) {
        Answer answer = new Answer(draft.text.toString(), draft.mode, draft.citations.get());
        if (draft.generation != null) {
            metrics.answered(draft.generation, answer.mode());
        }
        Uni<Void> cached = !p.cached().hit() && draft.cacheable && cacheable(answer)
                ? cache.store(p.cached().key(), answer) : Uni.createFrom().voidItem();
        Question q = p.question();
        return cached.emitOn(requestContext)
                .chain(() -> conversations.store(q.ownerId(), q.conversationId(), q.text(), answer))
                .onItem().transformToMulti(stored -> Multi.createFrom().items(
                        new Citations(answer.citations()),
                        new Done(stored.conversationId(), stored.messageId(), answer.mode())));
    }

    /** Pieces of {@code n} words (with the blanks around them), which concatenated give back the text exactly. */
    static List<String> wordGroups(String text, int n) {
        List<String> groups = new ArrayList<>();
        Matcher words = WORD.matcher(text);
        StringBuilder group = new StringBuilder();
        int count = 0;
        int end = 0;
        while (words.find()) {
            group.append(words.group());
            end = words.end();
            if (++count == n) {
                groups.add(group.toString());
                group.setLength(0);
                count = 0;
            }
        }
        group.append(text, end, text.length()); // blanks-only text
        if (!group.isEmpty()) {
            groups.add(group.toString());
        }
        return groups;
    }

    private static StreamEvent failed(Throwable e) {
        if (e instanceof ProblemException p) {
            return new Failed(new Problem("about:blank", p.title(), p.status(), p.detail(), "/api/chat/stream", null));
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s while streaming an answer", errorId);
        return new Failed(new Problem("about:blank", "Internal Server Error", 500,
                "Something went wrong on our side. Error id: " + errorId + ".", "/api/chat/stream", null));
    }
}
