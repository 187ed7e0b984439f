package dev.ragsuite.chat.rest;

import dev.ragsuite.chat.conversation.ConversationService;
import dev.ragsuite.common.api.Page;
import dev.ragsuite.common.api.PageRequest;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RequiresScope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

    public ConversationResource(ConversationService conversations, JsonWebToken jwt) {
        this.conversations = conversations;
        this.jwt = jwt;
    }

    /** Newest activity first; {@code page} is 0-based. */
    @GET
    public Uni<Page<ConversationView>> list(@Valid @BeanParam PageRequest paging) {
        return conversations.list(jwt.getSubject(), paging.page(), paging.size())
                .map(found -> paging.of(found.items().stream().map(ConversationView::of).toList(), found.total()));
    }

    /** The messages in the order they were written. */
    @GET
    @Path("/{id}/messages")
    public Uni<List<MessageView>> messages(@PathParam("id") UUID id) {
        return conversations.messages(id, jwt.getSubject())
                .map(messages -> messages.stream()
                        .map(m -> new MessageView(m.id, m.role, m.content, m.mode, m.model, conversations.citationsOf(m), m.createdAt))
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
