package dev.ragsuite.common.reactive;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * The way back to a request's Vert.x context. Hibernate Reactive sessions and the reactive PostgreSQL
 * client are bound to the context that opened them, while REST-client answers, Redis replies and model
 * tokens arrive on other threads; {@code uni.emitOn(VertxContexts.current())} hands the continuation
 * back to the caller's context.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /**
     * An executor for the calling thread's Vert.x context, captured now: tasks run at once when already on
     * that context, else are scheduled on it. Off any context (plain unit tests), tasks run inline.
     */
    public static Executor current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }
}
