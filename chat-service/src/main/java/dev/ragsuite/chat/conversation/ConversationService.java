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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
            FeedbackRepository feedback, ObjectMapper json, ChatConfig config) {
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
     * Stores a question and its answer in one transaction: in the given conversation (which must still
     * be the owner's), or in a new one titled after the question.
     *
     * @param took from the question's arrival to the whole answer (kept with the answer for the usage figures)
     */
    @WithTransaction
    public Uni<Stored> store(String ownerId, UUID conversationId, String question, Answer answer, Duration took) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Uni<Conversation> conversation = conversationId == null
                ? conversations.persist(newConversation(ownerId, question, now))
                : requireOwned(conversationId, ownerId).invoke(c -> c.updatedAt = now);
        return conversation.chain(c -> messages.persist(message(c.id, ownerId, MessageRole.USER, question, null, null, null, now))
                .chain(() -> {
                    Message reply = message(c.id, ownerId, MessageRole.ASSISTANT, answer.text(),
                            answer.mode().wire(), answer.model(), toJson(answer.citations()), now.plus(1, ChronoUnit.MICROS));
                    reply.latencyMs = (int) Math.min(Integer.MAX_VALUE, took.toMillis());
                    return messages.persist(reply);
                })
                .map(assistant -> new Stored(c.id, assistant.id)));
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

    private Conversation newConversation(String ownerId, String question, Instant now) {
        Conversation c = new Conversation();
        c.id = UUID.randomUUID();
        c.ownerId = ownerId;
        c.title = title(question);
        c.createdAt = now;
        c.updatedAt = now;
        return c;
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

    private static Message message(UUID conversationId, String ownerId, MessageRole role, String content,
            String mode, String model, String citations, Instant at) {
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.conversationId = conversationId;
        m.ownerId = ownerId;
        m.role = role.dbValue();
        m.content = content;
        m.mode = mode;
        m.model = model;
        m.citations = citations;
        m.createdAt = at;
        return m;
    }

    private String toJson(List<Citation> citations) {
        try {
            return json.writeValueAsString(citations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("citations could not be written as JSON", e);
        }
    }
}
