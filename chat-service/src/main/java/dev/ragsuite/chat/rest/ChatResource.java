package dev.ragsuite.chat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.chat.answer.ChatService;
import dev.ragsuite.chat.answer.StreamEvent;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RequiresScope;
import dev.ragsuite.vector.api.RetrievalMode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Questions over the caller's own documents. */
@Path("/api/chat")
@Authenticated
@RequiresScope(ApiKeyScope.CHAT)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {

    private final ChatService chat;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public ChatResource(ChatService chat, JsonWebToken jwt, ObjectMapper json) {
        this.chat = chat;
        this.jwt = jwt;
        this.json = json;
    }

    /** Answers a question with citations and stores both in the (new or given) conversation. */
    @POST
    public Uni<ChatResponse> ask(@Valid @NotNull ChatRequest request) {
        return chat.ask(question(request))
                .map(reply -> new ChatResponse(reply.answer().text(), reply.answer().mode(), reply.answer().model(),
                        reply.answer().citations(), reply.conversationId(), reply.messageId()));
    }

    /**
     * The same, streamed as server-sent events: {@code token} ({@code {"text"}}) events whose texts add up
     * to the answer, then {@code citations} (the list), then {@code done} ({@code {conversationId, messageId,
     * mode, model}}). A failure after the request was accepted (unknown conversation, retrieval down) is one
     * {@code error} event with a problem body, which ends the stream; a bad request is a 400 before it starts.
     */
    @POST
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Valid @NotNull ChatRequest request, @Context Sse sse) {
        return chat.stream(question(request)).map(event -> toSse(sse, event));
    }

    private OutboundSseEvent toSse(Sse sse, StreamEvent event) {
        if (event instanceof StreamEvent.Token t) {
            return event(sse, "token", Map.of("text", t.text()));
        }
        if (event instanceof StreamEvent.Citations c) {
            return event(sse, "citations", c.citations());
        }
        if (event instanceof StreamEvent.Done d) {
            return event(sse, "done", Map.of("conversationId", d.conversationId(), "messageId", d.messageId(),
                    "mode", d.mode(), "model", d.model()));
        }
        return event(sse, "error", ((StreamEvent.Failed) event).problem());
    }

    private ChatService.Question question(ChatRequest request) {
        String question = QuestionText.checked(request.question());
        RetrievalMode retrieval;
        try {
            retrieval = RetrievalMode.of(request.retrieval());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid retrieval: " + e.getMessage() + ".");
        }
        return ChatService.Question.inConversation(jwt.getSubject(), question, request.conversationId(),
                request.topK(), retrieval);
    }

    private OutboundSseEvent event(Sse sse, String name, Object data) {
        try {
            return sse.newEventBuilder().name(name).data(json.writeValueAsString(data)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stream event could not be written as JSON", e);
        }
    }
}
