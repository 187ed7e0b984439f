package dev.ragsuite.chat.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.Conversation;
import dev.ragsuite.chat.Message;
import dev.ragsuite.chat.MessageRole;
import dev.ragsuite.chat.Turn;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.repository.ConversationRepository;
import dev.ragsuite.chat.repository.FeedbackRepository;
import dev.ragsuite.chat.repository.MessageRepository;
import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Conversations, messages and feedback of one owner at a time; someone else's look exactly like missing ones. */
@ApplicationScoped
public class ConversationService {

    private static final TypeReference<List<Citation>> CITATIONS = new TypeReference<>() {
    };

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final FeedbackRepository feedback;
    private final ObjectMapper json;
    private final ChatConfig config;
    private final Pool db;
    private final String conversationsTable;
    private final String messagesTable;

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
            FeedbackRepository feedback, ObjectMapper json, ChatConfig config, Pool db,
            @ConfigProperty(name = "rag.db.schema") String schema) {
        this.db = db;
        this.conversationsTable = schema + ".conversations";
        this.messagesTable = schema + ".messages";
        this.conversations = conversations;
        this.messages = messages;
        this.feedback = feedback;
        this.json = json;
        this.config = config;
    }

    /** A page of the owner's conversations (newest activity first) and how many there are in all. */
    public record ConversationPage(List<Conversation> items, long total) {
    }

    /** Where a question and its answer were stored. */
    public record Stored(UUID conversationId, UUID messageId) {
    }

    @WithSession
    public Uni<Conversation> requireOwned(UUID conversationId, String ownerId) {
        return conversations.findOwned(conversationId, ownerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No such conversation."));
    }

    /**
     * The last {@code turns} question/answer pairs of the owner's conversation, oldest first; fails with
     * 404 when the conversation is not theirs.
     */
    @WithSession
    public Uni<List<Turn>> history(UUID conversationId, String ownerId, int turns) {
        return requireOwned(conversationId, ownerId)
                .chain(conversation -> turns == 0 ? Uni.createFrom().item(List.<Turn> of())
                        : messages.latest(conversation.id, turns * 2).map(latest -> latest.stream().map(Turn::of).toList()));
    }

    @WithSession
    public Uni<ConversationPage> list(String ownerId, int page, int size) {
        return conversations.listOwned(ownerId, page, size)
                .chain(items -> conversations.countOwned(ownerId).map(total -> new ConversationPage(items, total)));
    }

    @WithSession
    public Uni<List<Message>> messages(UUID conversationId, String ownerId) {
        return requireOwned(conversationId, ownerId)
                .chain(conversation -> messages.listByConversation(conversation.id));
    }

    @WithTransaction
    public Uni<Void> delete(UUID conversationId, String ownerId) {
        return conversations.deleteOwned(conversationId, ownerId)
                .chain(deleted -> deleted ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ProblemException.notFound("No such conversation.")));
    }

    /**
     * Stores a question and its answer: in the given conversation (which must still be the owner's; its
     * {@code updated_at} moves), or in a new one titled after the question. One SQL statement, so one round trip
     * on the request path and atomic as every statement is: the conversation row and both messages, or nothing
     * (a conversation that is not the owner's matches no row, and nothing is written).
     *
     * @param took from the question's arrival to the whole answer (kept with the answer for the usage figures)
     */
    public Uni<Stored> store(String ownerId, UUID conversationId, String question, Answer answer, Duration took) {
        OffsetDateTime now = Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        UUID questionId = UUID.randomUUID();
        UUID answerId = UUID.randomUUID();
        String conversation = conversationId == null
                ? "insert into " + conversationsTable + " (id, owner_id, title, created_at, updated_at)"
                        + " values ($1::uuid, $2::varchar, $13::varchar, $3::timestamptz, $3::timestamptz) returning id"
                : "update " + conversationsTable + " set updated_at = $3::timestamptz"
                        + " where id = $1::uuid and owner_id = $2::varchar returning id";
        String sql = "with c as (" + conversation + "),"
                + " q as (insert into " + messagesTable + " (id, conversation_id, owner_id, role, content, created_at)"
                + " select $4::uuid, c.id, $2::varchar, 'user', $5::text, $3::timestamptz from c)"
                + " insert into " + messagesTable + " (id, conversation_id, owner_id, role, content, mode, model, citations,"
                + " latency_ms, created_at) select $6::uuid, c.id, $2::varchar, 'assistant', $7::text, $8::varchar, $9::varchar,"
                + " cast($10::text as jsonb), $11::int, $12::timestamptz from c returning conversation_id";
        List<Object> args = new ArrayList<>(List.of(conversationId == null ? UUID.randomUUID() : conversationId, ownerId, now,
                questionId, question, answerId, answer.text(), answer.mode().wire()));
        args.add(answer.model());
        args.add(toJson(answer.citations()));
        args.add((int) Math.min(Integer.MAX_VALUE, took.toMillis()));
        args.add(now.plus(1, ChronoUnit.MICROS));
        if (conversationId == null) {
            args.add(title(question));
        }
        return db.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ProblemException.notFound("No such conversation.");
            }
            return new Stored(rows.iterator().next().getUUID(0), answerId);
        });
    }

    /** Records (or replaces) the owner's rating of one of their answers. */
    @WithTransaction
    public Uni<Void> rate(UUID messageId, String ownerId, String rating, String comment) {
        return messages.findOwned(messageId, ownerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No such message."))
                .invoke(message -> {
                    if (!MessageRole.ASSISTANT.dbValue().equals(message.role)) {
                        throw ProblemException.badRequest("Feedback can only be given on answers, not on questions.");
                    }
                })
                .chain(message -> feedback.upsert(messageId, ownerId, rating, comment, Instant.now()));
    }

    /** The citations stored with an answer; empty for questions. */
    public List<Citation> citationsOf(Message message) {
        if (message.citations == null || message.citations.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(message.citations, CITATIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored citations of message " + message.id + " are not valid JSON", e);
        }
    }

    private String title(String question) {
        String oneLine = question.replaceAll("\\s+", " ").strip();
        int max = config.conversations().titleChars();
        if (oneLine.length() <= max) {
            return oneLine;
        }
        int end = Character.isHighSurrogate(oneLine.charAt(max - 1)) ? max - 1 : max;
        return oneLine.substring(0, end);
    }

    private String toJson(List<Citation> citations) {
        try {
            return json.writeValueAsString(citations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("citations could not be written as JSON", e);
        }
    }
}
