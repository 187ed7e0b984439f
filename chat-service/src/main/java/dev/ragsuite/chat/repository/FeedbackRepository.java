package dev.ragsuite.chat.repository;

import dev.ragsuite.chat.Feedback;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class FeedbackRepository implements PanacheRepositoryBase<Feedback, UUID> {

    /**
     * Writes the owner's feedback on a message, replacing any earlier one, in one statement
     * ({@code insert ... on conflict do update}), so two concurrent first ratings cannot collide.
     */
    public Uni<Void> upsert(UUID messageId, String ownerId, String rating, String comment, Instant at) {
        return getSession().chain(session -> session.createMutationQuery("""
                insert into Feedback (messageId, ownerId, rating, comment, createdAt)
                values (:messageId, :ownerId, :rating, :comment, :at)
                on conflict (messageId) do update
                set rating = excluded.rating, comment = excluded.comment, createdAt = excluded.createdAt""")
                .setParameter("messageId", messageId)
                .setParameter("ownerId", ownerId)
                .setParameter("rating", rating)
                .setParameter("comment", comment)
                .setParameter("at", at)
                .executeUpdate())
                .replaceWithVoid();
    }
}
