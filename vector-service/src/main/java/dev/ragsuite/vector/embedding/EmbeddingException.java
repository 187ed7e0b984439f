package dev.ragsuite.vector.embedding;

/** A remote embedding provider failed (unreachable, timed out, an error status or a malformed reply). */
public class EmbeddingException extends RuntimeException {

    private final String model;

    public EmbeddingException(String model, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
    }

    /** The model id, e.g. {@code ollama:nomic-embed-text}. */
    public String model() {
        return model;
    }
}
