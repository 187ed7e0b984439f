package dev.ragsuite.chat.repository;

import dev.ragsuite.chat.Conversation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Conversations, always looked up together with their owner so one user never sees another's. */
@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

    /** The conversation if it exists and belongs to this owner, otherwise null. */
    public Uni<Conversation> findOwned(UUID id, String ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }

    /** Newest activity first. */
    public Uni<List<Conversation>> listOwned(String ownerId, int page, int size) {
        return find("ownerId", Sort.descending("updatedAt").and("id"), ownerId)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> countOwned(String ownerId) {
        return count("ownerId", ownerId);
    }

    /** Deletes the conversation (its messages and their feedback cascade in the database); true if one was deleted. */
    public Uni<Boolean> deleteOwned(UUID id, String ownerId) {
        return delete("id = ?1 and ownerId = ?2", id, ownerId).map(deleted -> deleted > 0);
    }
}
