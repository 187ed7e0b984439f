package dev.ragsuite.chat.repository;

import dev.ragsuite.chat.Message;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    /** The messages of a conversation in the order they were written. */
    public Uni<List<Message>> listByConversation(UUID conversationId) {
        return list("conversationId", Sort.ascending("createdAt", "seq"), conversationId);
    }

    /** The last {@code count} messages of a conversation, oldest first. */
    public Uni<List<Message>> latest(UUID conversationId, int count) {
        return find("conversationId", Sort.descending("createdAt", "seq"), conversationId).page(0, count).list()
                .map(newestFirst -> {
                    List<Message> oldestFirst = new ArrayList<>(newestFirst);
                    Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    /** The message if it exists and belongs to this owner, otherwise null. */
    public Uni<Message> findOwned(UUID id, String ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }
}
