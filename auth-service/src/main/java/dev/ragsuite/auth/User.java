package dev.ragsuite.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A person who can log in. Rows are inserted with plain SQL (see {@code UserRepository}) so that
 * the unique e-mail constraint decides races; this mapping is for reading and updating.
 */
@Entity
@Table(name = "users")
public class User {

    @Id
    public UUID id;

    /** Lower case, at most 254 characters. */
    @Column(nullable = false)
    public String email;

    /** bcrypt (`$2b$…`); never the password. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public Role role;

    @Column(nullable = false)
    public boolean disabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
