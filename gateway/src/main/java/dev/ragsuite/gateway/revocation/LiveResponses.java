package dev.ragsuite.gateway.revocation;

import dev.ragsuite.gateway.edge.Caller;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The proxied responses still being written, by user: every authenticated request is tracked from the
 * moment it is forwarded until its response is done, so a long-lived one (server-sent events of chat
 * answers or document progress) can be cut off when its session or user is revoked. Cutting off resets
 * the response (HTTP/1.1: closes the connection), which also makes the proxy drop its upstream request.
 */
@Singleton
public class LiveResponses {

    private static final Logger LOG = Logger.getLogger(LiveResponses.class);

    /** One response in flight, and the event-loop context it must be touched on. */
    public record Live(String userId, String sessionId, HttpServerResponse response, Context context) {
    }

    private final Map<String, Set<Live>> byUser = new ConcurrentHashMap<>();

    /** Tracks the request's response until it ends or its connection closes. */
    public void track(RoutingContext ctx, Caller caller) {
        Live live = new Live(caller.userId(), caller.sessionId(), ctx.response(), ctx.vertx().getOrCreateContext());
        byUser.computeIfAbsent(caller.userId(), k -> ConcurrentHashMap.newKeySet()).add(live);
        ctx.addEndHandler(done -> untrack(live));
    }

    private void untrack(Live live) {
        byUser.computeIfPresent(live.userId(), (user, set) -> {
            set.remove(live);
            return set.isEmpty() ? null : set;
        });
    }

    /** The user's responses in flight (a snapshot). */
    public List<Live> of(String userId) {
        Set<Live> live = byUser.get(userId);
        return live == null ? List.of() : List.copyOf(live);
    }

    /** Ends a response in flight at once, on its own event loop. */
    public void cut(Live live, String why) {
        untrack(live);
        live.context().runOnContext(v -> {
            if (!live.response().ended() && !live.response().closed() && isStream(live.response())) {
                LOG.infof("Ending a response in flight of user %s: %s", live.userId(), why);
                live.response().reset();
            }
        });
    }

    /**
     * Only an event stream whose head is written is cut: a short answer still in flight — above all the
     * logout that announced the revocation — completes, and its keep-alive connection stays usable
     * (cutting it made the client's next request on that connection fail without an answer).
     */
    static boolean isStream(HttpServerResponse response) {
        String type = response.headers().get("Content-Type");
        return response.headWritten() && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    }

    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
