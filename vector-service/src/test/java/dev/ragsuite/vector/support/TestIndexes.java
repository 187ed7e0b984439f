package dev.ragsuite.vector.support;

import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.index.IndexManager;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the tests of indexes share: test models looked up by name, and waiting for a re-index. */
public final class TestIndexes {

    private TestIndexes() {
    }

    /** The models an {@link IndexManager} may ask for, by name; any other name is refused. */
    public static Function<String, Embedder> models(Embedder... models) {
        Map<String, Embedder> byName = new java.util.HashMap<>();
        for (Embedder model : models) {
            byName.put(model.modelName(), model);
        }
        return name -> {
            Embedder embedder = byName.get(name);
            if (embedder == null) {
                throw new IllegalArgumentException("unknown model " + name);
            }
            return embedder;
        };
    }

    /** Polls every 20 ms until {@code condition} holds; fails after 30 seconds. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pause(20);
        }
    }

    /**
     * Polls the re-index status until it is {@code state}, handing every other status seen to
     * {@code meanwhile} (which asserts what must hold until then); fails after {@code timeout}.
     *
     * @return the status in {@code state}
     */
    public static ReindexStatus awaitReindex(IndexManager manager, String state, Duration timeout,
            Consumer<ReindexStatus> meanwhile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ReindexStatus status = manager.reindexStatus();
            if (state.equals(status.state())) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for re-index state " + state + ", is " + status);
            }
            meanwhile.accept(status);
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
