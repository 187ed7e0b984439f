package dev.ragsuite.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's rating of one answer; giving feedback again replaces it. */
@Entity
@Table(name = "feedback")
public class Feedback {

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    /** {@code up} or {@code down}. */
    @Column(nullable = false)
    public String rating;

    @Column(columnDefinition = "text")
    public String comment;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
