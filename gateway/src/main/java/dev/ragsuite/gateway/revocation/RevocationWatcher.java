package dev.ragsuite.gateway.revocation;

import dev.ragsuite.streams.AuthEventStream;
import dev.ragsuite.common.security.RevokedSessions;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Ends proxied responses in flight when auth-service announces, on {@value AuthEventStream#STREAM}, that
 * their session or user may no longer be used. Every gateway replica reads the whole stream (plain XREAD,
 * no consumer group: each one holds its own connections), from where it stood at start-up. An event about
 * a user makes the gateway look up, in the revoked-session denylist, the session of each of that user's
 * responses in flight and cut those that are revoked; a disabled user's responses are cut outright (auth-
 * service announces that before it denylists the sessions). The denylist stays the only truth, so a
 * replayed or duplicated event does no harm. Reads block for at most {@code BLOCK}, well under the 1 s
 * within which a revoked stream must end.
 */
@ApplicationScoped
public class RevocationWatcher {

    private static final Logger LOG = Logger.getLogger(RevocationWatcher.class);
    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final RevokedSessions revokedSessions;
    private final LiveResponses live;
    private final AtomicReference<String> lastId = new AtomicReference<>();
    private volatile Cancellable reading;

    public RevocationWatcher(ReactiveRedisDataSource redis, RevokedSessions revokedSessions, LiveResponses live) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.revokedSessions = revokedSessions;
        this.live = live;
    }

    void start(@Observes StartupEvent event) {
        reading = Multi.createBy().repeating().uni(this::next).indefinitely()
                .onFailure().invoke(e -> LOG.warnf("Reading %s failed (%s); retrying in %s", AuthEventStream.STREAM, e.toString(), RETRY))
                .onFailure().retry().withBackOff(RETRY, RETRY).indefinitely()
                .subscribe().with(done -> { }, e -> LOG.errorf(e, "Stopped reading %s", AuthEventStream.STREAM));
    }

    void stop(@Observes ShutdownEvent event) {
        if (reading != null) {
            reading.cancel();
        }
    }

    /** One blocking read from where the last one stopped (from the stream's newest entry at start-up). */
    private Uni<Integer> next() {
        Uni<String> from = lastId.get() != null ? Uni.createFrom().item(lastId.get()) : newestId();
        return from.chain(id -> streams.xread(AuthEventStream.STREAM, id, new XReadArgs().block(BLOCK).count(100)))
                .map(this::handle);
    }

    private Uni<String> newestId() {
        return redis.execute("XREVRANGE", AuthEventStream.STREAM, "+", "-", "COUNT", "1")
                .map(RevocationWatcher::firstId)
                .invoke(lastId::set);
    }

    private static String firstId(Response response) {
        return response == null || response.size() == 0 ? "0-0" : response.get(0).get(0).toString();
    }

    private int handle(List<StreamMessage<String, String, String>> messages) {
        for (StreamMessage<String, String, String> message : messages) {
            lastId.set(message.id());
            react(message.payload());
        }
        return messages.size();
    }

    private void react(Map<String, String> event) {
        String userId = event.get(AuthEventStream.USER_ID);
        if (userId == null) {
            return;
        }
        List<LiveResponses.Live> responses = live.of(userId);
        if (responses.isEmpty()) {
            return;
        }
        String type = event.get(AuthEventStream.TYPE);
        if (AuthEventStream.USER_ENDED.contains(type)) {
            responses.forEach(r -> live.cut(r, type));
            return;
        }
        for (LiveResponses.Live response : responses) {
            revokedSessions.isRevoked(response.sessionId()).subscribe().with(
                    revoked -> {
                        if (revoked) {
                            live.cut(response, "session revoked (" + type + ")");
                        }
                    },
                    e -> LOG.warnf("Could not check session of a response in flight: %s", e.toString()));
        }
    }
}
