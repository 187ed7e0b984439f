package dev.ragsuite.chat.service;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.client.VectorClient;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.vector.SearchHit;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Answers one question of one user: check the conversation is theirs, retrieve their passages, answer
 * (model or extractive), and store the question and answer. No database connection is held while
 * retrieval and generation run.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);

    private final VectorClient vector;
    private final ExtractiveAnswerer extractive;
    private final LlmAnswerer llm;
    private final ConversationService conversations;
    private final ChatMetrics metrics;
    private final ChatConfig config;

    public ChatService(VectorClient vector, ExtractiveAnswerer extractive, LlmAnswerer llm,
            ConversationService conversations, ChatMetrics metrics, ChatConfig config) {
        this.vector = vector;
        this.extractive = extractive;
        this.llm = llm;
        this.conversations = conversations;
        this.metrics = metrics;
        this.config = config;
    }

    /** A stored answer. */
    public record Reply(Answer answer, UUID conversationId, UUID messageId) {
    }

    /**
     * @param question already trimmed and within limits
     * @param topK null for the configured default
     * @param authorization the caller's {@code Authorization} header, which vector-service scopes the search by
     */
    public Uni<Reply> ask(String ownerId, String authorization, String question, UUID conversationId, Integer topK) {
        int k = topK == null ? config.defaultTopK() : topK;
        // Hibernate Reactive must be used on the request's Vert.x context; the model answers on a worker thread.
        Executor requestContext = requestContext();
        Uni<Void> conversationCheck = conversationId == null ? Uni.createFrom().voidItem()
                : conversations.requireOwned(conversationId, ownerId).replaceWithVoid();
        return conversationCheck
                .chain(() -> retrieve(authorization, question, k))
                .chain(hits -> generate(question, hits))
                .emitOn(requestContext)
                .chain(answer -> conversations.store(ownerId, conversationId, question, answer)
                        .map(stored -> new Reply(answer, stored.conversationId(), stored.messageId())));
    }

    private Uni<List<SearchHit>> retrieve(String authorization, String question, int k) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = metrics.start();
            return vector.search(authorization, question, k)
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
                // CPU work over up to topK passages: kept off the event loop
                answer = Uni.createFrom().item(() -> extractive.answer(question, hits))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
            return answer.invoke(a -> metrics.answered(sample, a.mode()));
        });
    }

    private static Executor requestContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return command -> {
            if (Vertx.currentContext() == context) {
                command.run();
            } else {
                context.runOnContext(ignored -> command.run());
            }
        };
    }
}
