package dev.ragsuite.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A conversation of one user: the questions they asked and the answers they got. */
@Entity
@Table(name = "conversations")
public class Conversation {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    @Column(nullable = false)
    public String title;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
