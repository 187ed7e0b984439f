package dev.ragsuite.vector.store.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a Qdrant call: a second longer than its own gRPC deadline, which normally ends it first. */
final class QdrantCalls {

    private QdrantCalls() {
    }

    /**
     * @throws IOException when Qdrant fails (the cause is the gRPC status), does not answer in time, or
     *         the wait is interrupted
     */
    static <T> T await(String what, ListenableFuture<T> future, Duration timeout) throws IOException {
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("Qdrant could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("Qdrant did not " + what + " within " + timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Qdrant to " + what, e);
        }
    }
}
