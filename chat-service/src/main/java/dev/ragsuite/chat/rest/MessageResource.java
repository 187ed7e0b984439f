package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.conversation.ConversationService;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RequiresScope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Feedback on the caller's answers. */
@Path("/api/messages")
@Authenticated
@RequiresScope(ApiKeyScope.CHAT)
public class MessageResource {

    private final ConversationService conversations;
    private final JsonWebToken jwt;

    public MessageResource(ConversationService conversations, JsonWebToken jwt) {
        this.conversations = conversations;
        this.jwt = jwt;
    }

    /** Rates an answer; rating it again replaces the earlier feedback. */
    @POST
    @Path("/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(204)
    public Uni<Void> feedback(@PathParam("id") UUID id, @Valid @NotNull FeedbackRequest request) {
        return conversations.rate(id, jwt.getSubject(), request.rating(), request.comment());
    }
}
