package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.service.ChatService;
import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Questions over the caller's own documents. */
@Path("/api/chat")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {

    private final ChatService chat;
    private final JsonWebToken jwt;

    public ChatResource(ChatService chat, JsonWebToken jwt) {
        this.chat = chat;
        this.jwt = jwt;
    }

    /** Answers a question with citations and stores both in the (new or given) conversation. */
    @POST
    public Uni<ChatResponse> ask(@Valid @NotNull ChatRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String question = request.question().strip();
        if (question.isEmpty()) {
            throw ProblemException.badRequest("The question must not be blank.");
        }
        if (question.length() > ChatConfig.MAX_QUESTION_CHARS) {
            throw ProblemException.badRequest("The question is too long: at most " + ChatConfig.MAX_QUESTION_CHARS
                    + " characters.");
        }
        return chat.ask(jwt.getSubject(), authorization, question, request.conversationId(), request.topK())
                .map(reply -> new ChatResponse(reply.answer().text(), reply.answer().mode(), reply.answer().citations(),
                        reply.conversationId(), reply.messageId()));
    }
}
