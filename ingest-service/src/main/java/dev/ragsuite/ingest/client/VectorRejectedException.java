package dev.ragsuite.ingest.client;

/** vector-service answered a call with a 4xx: the request itself is wrong, so it is not retried. */
public class VectorRejectedException extends RuntimeException {

    private final int status;

    public VectorRejectedException(int status) {
        super("vector-service rejected the call with HTTP " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
