package dev.ragsuite.chat.answer;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Turn;
import dev.ragsuite.chat.answer.extractive.ExtractiveAnswerer;
import dev.ragsuite.chat.answer.extractive.QueryCondenser;
import dev.ragsuite.chat.answer.llm.LlmAnswerer;
import dev.ragsuite.chat.cache.AnswerCache;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.conversation.ConversationService;
import dev.ragsuite.chat.metrics.ChatMetrics;
import dev.ragsuite.chat.retrieval.VectorClient;
import dev.ragsuite.common.problem.Problem;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.reactive.VertxContexts;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Answers one question of one user, whole ({@link #ask}) or streamed ({@link #stream}), in four steps:
 * <ol>
 * <li>prepare: check the conversation is theirs and read its last turns (or take the turns the caller
 * sent, {@link Question#withTurns}), turn a follow-up into a standalone query, look the query up in the
 * {@link AnswerCache};</li>
 * <li>retrieve their passages from vector-service (which scopes the search by the caller's own token,
 * added by the REST client: see {@link VectorClient});</li>
 * <li>answer, by the model or extractively: whole here, streamed by {@link AnswerStreamer};</li>
 * <li>store the question and answer, unless the caller sent the turns (and cache the answer when fitting).</li>
 * </ol>
 * No database connection is held while retrieval and generation run.
 *
 * <p>The standalone query (the question itself when there is no conversation before it) is what is
 * retrieved with, answered and cached: a follow-up's answer depends on the conversation only through it.
 * The stored question is always the user's own text; a streamed answer is stored exactly as it was sent.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);

    private final VectorClient vector;
    private final ExtractiveAnswerer extractive;
    private final LlmAnswerer llm;
    private final AnswerStreamer streamer;
    private final QueryCondenser condenser;
    private final ConversationService conversations;
    private final AnswerCache cache;
    private final ChatMetrics metrics;
    private final ChatConfig config;

    public ChatService(VectorClient vector, ExtractiveAnswerer extractive, LlmAnswerer llm, AnswerStreamer streamer,
            QueryCondenser condenser, ConversationService conversations, AnswerCache cache, ChatMetrics metrics,
            ChatConfig config) {
        this.vector = vector;
        this.extractive = extractive;
        this.llm = llm;
        this.streamer = streamer;
        this.condenser = condenser;
        this.conversations = conversations;
        this.cache = cache;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * A question, already checked by the resource. The caller's credentials are not part of it: the
     * vector-service client forwards the request's own {@code Authorization} header.
     *
     * <p>Either in a stored conversation ({@link #inConversation}: its last turns are read, the question
     * and answer are stored), or with the earlier turns given by the caller ({@link #withTurns}: nothing
     * is read or stored).
     *
     * @param text trimmed and within limits
     * @param conversationId the conversation to continue; null for a new one, and always with {@code turns}
     * @param turns the earlier messages, oldest first, when the caller sends them; null in a stored conversation
     * @param topK null for the configured default
     * @param retrieval null for hybrid
     */
    public record Question(String ownerId, String text, UUID conversationId, List<Turn> turns, Integer topK,
            RetrievalMode retrieval) {

        public Question {
            turns = turns == null ? null : List.copyOf(turns);
        }

        public static Question inConversation(String ownerId, String text, UUID conversationId, Integer topK,
                RetrievalMode retrieval) {
            return new Question(ownerId, text, conversationId, null, topK, retrieval);
        }

        /** A question whose history the caller sends along (the OpenAI-compatible API): not stored. */
        public static Question withTurns(String ownerId, String text, List<Turn> turns) {
            return new Question(ownerId, text, null, turns, null, null);
        }

        boolean stored() {
            return turns == null;
        }
    }

    /** An answer, and where it was stored: both ids null when it was not ({@link Question#withTurns}). */
    public record Reply(Answer answer, UUID conversationId, UUID messageId) {
    }

    /** What is known before answering: the query to retrieve with and what the cache had, and when work began. */
    private record Prepared(Question question, int topK, String query, AnswerCache.Lookup cached, long startedNanos) {
    }

    public Uni<Reply> ask(Question question) {
        // Hibernate Reactive must be used on the request's Vert.x context; the model answers on a worker thread.
        Executor requestContext = VertxContexts.current();
        return prepare(question)
                .chain(p -> whole(p)
                        .chain(answer -> keep(p, answer, true, requestContext)
                                .map(stored -> new Reply(answer, stored.conversationId(), stored.messageId()))));
    }

    /** The answer as events; failures become one {@link StreamEvent.Failed} event that ends the stream. */
    public Multi<StreamEvent> stream(Question question) {
        Executor requestContext = VertxContexts.current();
        return prepare(question)
                .onItem().transformToMulti(p -> {
                    AnswerStreamer.Draft draft = p.cached().hit() ? streamer.replay() : streamer.draft();
                    Multi<String> tokens = p.cached().hit() ? streamer.whole(draft, p.cached().answer())
                            : retrieve(p).onItem().transformToMulti(hits -> streamer.tokens(draft, p.query(), hits));
                    Multi<StreamEvent> tail = Multi.createFrom().deferred(() -> {
                        Answer answer = streamer.finish(draft);
                        return keep(p, answer, draft.cacheable(), requestContext)
                                .onItem().transformToMulti(stored -> Multi.createFrom().items(
                                        new StreamEvent.Citations(answer.citations()),
                                        new StreamEvent.Done(stored.conversationId(), stored.messageId(), answer.mode(),
                                                answer.model())));
                    });
                    return Multi.createBy().concatenating().streams(tokens.map(StreamEvent.Token::new), tail);
                })
                .onFailure().recoverWithItem(ChatService::failed);
    }

    private Uni<Prepared> prepare(Question question) {
        long started = System.nanoTime();
        int k = question.topK() == null ? config.defaultTopK() : question.topK();
        // on the request's SERVER span: names and counts only, never the question
        Span span = Span.current();
        span.setAttribute("rag.retrieval.top_k", k);
        if (question.retrieval() != null) {
            span.setAttribute("rag.retrieval.mode", question.retrieval().wire());
        }
        Uni<List<Turn>> history = !question.stored() ? Uni.createFrom().item(lastTurns(question.turns()))
                : question.conversationId() == null ? Uni.createFrom().item(List.of())
                : conversations.history(question.conversationId(), question.ownerId(), config.followups().turns());
        return history
                .chain(turns -> standalone(question.text(), turns))
                .chain(query -> cache.lookup(question.ownerId(), question.retrieval(), k, query)
                        .invoke(lookup -> span.setAttribute("rag.answer_cache.hit", lookup.hit()))
                        .map(lookup -> new Prepared(question, k, query, lookup, started)));
    }

    /** Of turns the caller sent, as many as a stored conversation would give: the last question/answer pairs. */
    private List<Turn> lastTurns(List<Turn> turns) {
        int keep = config.followups().turns() * 2;
        return turns.size() <= keep ? turns : turns.subList(turns.size() - keep, turns.size());
    }

    /** The follow-up as a query that stands on its own: by the model when there is one, else the heuristic. */
    private Uni<String> standalone(String question, List<Turn> history) {
        if (history.isEmpty()) {
            return Uni.createFrom().item(question);
        }
        if (config.llm().enabled()) {
            return llm.condense(question, history);
        }
        return Uni.createFrom().item(() -> condenser.heuristic(question, history));
    }

    private Uni<List<SearchHit>> retrieve(Prepared p) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = metrics.start();
            return vector.search(p.query(), p.topK(), p.question().retrieval())
                    .onItemOrFailure().invoke((hits, failure) -> metrics.retrievalDone(sample, failure == null));
        }).onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
            LOG.warnf("Retrieval failed (%s: %s)", e.getClass().getSimpleName(), e.getMessage());
            return ProblemException.unavailable("Retrieval is unavailable right now; please try again shortly.");
        });
    }

    /** The whole answer: the cached one, else retrieved and generated. */
    private Uni<Answer> whole(Prepared p) {
        return p.cached().hit() ? Uni.createFrom().item(p.cached().answer())
                : retrieve(p).chain(hits -> generate(p.query(), hits));
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
                answer = extractive.answerOffLoop(question, hits);
            }
            return answer.invoke(a -> metrics.answered(sample, a.mode()));
        });
    }

    /**
     * Caches a new answer when fitting, then stores the question and the answer in the conversation, back on
     * the request's Vert.x context; a question that came with its turns is not stored.
     *
     * @param complete false for a streamed model answer that was cut short, which is never cached
     */
    private Uni<ConversationService.Stored> keep(Prepared p, Answer answer, boolean complete, Executor requestContext) {
        Uni<Void> cached = !p.cached().hit() && complete && cacheable(answer)
                ? cache.store(p.cached().key(), answer) : Uni.createFrom().voidItem();
        Question q = p.question();
        if (!q.stored()) {
            return cached.map(nothing -> new ConversationService.Stored(null, null));
        }
        return cached.emitOn(requestContext)
                .chain(() -> conversations.store(q.ownerId(), q.conversationId(), q.text(), answer,
                        Duration.ofNanos(System.nanoTime() - p.startedNanos())));
    }

    /**
     * Answers from the model's own answers only while the model is on: an extractive fallback (model slow or
     * down for a moment) is not kept for an hour in place of the model's answer.
     */
    private boolean cacheable(Answer answer) {
        return !config.llm().enabled() || answer.mode() == AnswerMode.LLM || Answer.NOT_FOUND.equals(answer.text());
    }

    private static StreamEvent failed(Throwable e) {
        if (e instanceof ProblemException p) {
            return new StreamEvent.Failed(new Problem("about:blank", p.title(), p.status(), p.detail(), "/api/chat/stream", null));
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s while streaming an answer", errorId);
        return new StreamEvent.Failed(new Problem("about:blank", "Internal Server Error", 500,
                "Something went wrong on our side. Error id: " + errorId + ".", "/api/chat/stream", null));
    }
}
