package dev.ragsuite.streams;

import java.util.Set;

/**
 * The Redis stream auth-service announces security events on, and what its entries say. Fields:
 * {@value #TYPE}, {@value #USER_ID}, {@value #SESSION_ID} (a login session or API-key id, when the event is
 * about one), {@code at}, {@code actorId}, {@code ip}, {@code traceparent}.
 */
public final class AuthEventStream {

    public static final String STREAM = "rag:auth:events";
    public static final String TYPE = "type";
    public static final String USER_ID = "userId";
    public static final String SESSION_ID = "sessionId";

    /**
     * Events after which none of the user's tokens may be used any more, even before auth-service has
     * denylisted each of their sessions (it announces a disabled user first).
     */
    public static final Set<String> USER_ENDED = Set.of("user_disabled");

    private AuthEventStream() {
    }
}
