package dev.ragsuite.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One message of a conversation: a user's question, or an assistant's answer with its mode and citations. */
@Entity
@Table(name = "messages")
public class Message {

    @Id
    public UUID id;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public UUID conversationId;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    /** {@code user} or {@code assistant}. */
    @Column(nullable = false, updatable = false)
    public String role;

    @Column(nullable = false, columnDefinition = "text")
    public String content;

    /** {@code llm} or {@code extractive} on answers, null on questions. */
    public String mode;

    /**
     * What wrote an answer, {@code <provider>:<model>} (e.g. {@code gemini:gemini-2.0-flash}) or
     * {@code extractive}; null on questions and on model answers stored before answers named their model.
     */
    public String model;

    /**
     * The cited passages as a JSON array (jsonb in the table). Kept as text here and cast in SQL, so the
     * reactive driver never has to guess how to encode a Java string into jsonb.
     */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "citations::text", write = "cast(? as text)::jsonb")
    public String citations;

    /** On answers: milliseconds from the question's arrival to the whole answer (usage figures); null on questions. */
    @Column(name = "latency_ms", updatable = false)
    public Integer latencyMs;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** Insertion order, the tie-breaker when a question and its answer share a timestamp. */
    @Column(insertable = false, updatable = false)
    public Long seq;
}
