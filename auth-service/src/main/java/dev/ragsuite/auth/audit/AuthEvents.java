package dev.ragsuite.auth.audit;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.streams.AuthEventStream;
import dev.ragsuite.streams.StreamAppender;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Appends auth events to the Redis stream {@value #STREAM} (read by the gateway and anyone who
 * keeps a local cache of revoked sessions). Fields: {@code type}, {@code userId},
 * {@code sessionId}, {@code at}, {@code ip} (absent when unknown), {@code traceparent} (the
 * publishing request's span). Consumers must be idempotent:
 * an event can be appended again when a client retries.
 */
@ApplicationScoped
public class AuthEvents {

    public static final String STREAM = AuthEventStream.STREAM;
    /** The stream is trimmed to about this many entries; it is a notification channel, the audit table is the log. */
    private static final long MAX_LENGTH = 100_000;

    private final StreamAppender streams;

    public AuthEvents(StreamAppender streams) {
        this.streams = streams;
    }

    public Uni<Void> publish(Map<String, String> fields) {
        return streams.append(STREAM, MAX_LENGTH, fields)
                .replaceWithVoid()
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> ProblemException.unavailable("The event stream is unreachable; try again shortly."));
    }
}
