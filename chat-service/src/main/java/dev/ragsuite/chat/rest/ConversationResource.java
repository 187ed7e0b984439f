package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.service.ConversationService;
import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RequiresScope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The caller's conversations. Someone else's conversation answers 404, as if it did not exist. */
@Path("/api/conversations")
@Authenticated
@RequiresScope(ApiKeyScope.CHAT)
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    private final ConversationService conversations;
    private final JsonWebToken jwt;
    private final ChatConfig config;

    public ConversationResource(ConversationService conversations, JsonWebToken jwt, ChatConfig config) {
        this.conversations = conversations;
        this.jwt = jwt;
        this.config = config;
    }

    /** Newest activity first; {@code page} is 0-based. */
    @GET
    public Uni<Page<ConversationView>> list(@QueryParam("page") @Min(0) Integer page,
            @QueryParam("size") @Min(1) Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? config.conversations().defaultPageSize() : size;
        if (s > config.conversations().maxPageSize()) {
            throw ProblemException.badRequest("size must be at most " + config.conversations().maxPageSize() + ".");
        }
        return conversations.list(jwt.getSubject(), p, s)
                .map(found -> new Page<>(found.items().stream().map(ConversationView::of).toList(), p, s, found.total()));
    }

    /** The messages in the order they were written. */
    @GET
    @Path("/{id}/messages")
    public Uni<List<MessageView>> messages(@PathParam("id") UUID id) {
        return conversations.messages(id, jwt.getSubject())
                .map(messages -> messages.stream()
                        .map(m -> new MessageView(m.id, m.role, m.content, m.mode, conversations.citationsOf(m), m.createdAt))
                        .toList());
    }

    /** Deletes the conversation with its messages and their feedback. */
    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return conversations.delete(id, jwt.getSubject());
    }
}
