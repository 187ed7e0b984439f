package dev.ragsuite.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.streams.AuthEventStream;
import dev.ragsuite.common.security.RevokedSessions;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A proxied long-lived response (the chat SSE stream here; document progress events go the same way) ends
 * within 1 s of its session being revoked or its user disabled, as announced on {@code rag:auth:events}
 * (auth-service writes the denylist entry, then the event). Other users' streams keep running.
 */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class StreamRevocationTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TestHTTPResource("/api/chat/endless") // the stand-in's never-ending event stream
    URI stream;

    @Inject
    RevokedSessions revokedSessions;

    @Inject
    RedisDataSource redis;

    private final HttpClient http = HttpClient.newHttpClient();

    /** An open event stream through the gateway; {@link #ended} completes when the body ends or breaks. */
    private final class OpenStream implements AutoCloseable {
        final CompletableFuture<Long> ended = new CompletableFuture<>();
        private final BufferedReader lines;

        OpenStream(String token) throws Exception {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(stream)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"q\"}")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertEquals("event: token", first);
            Thread reader = new Thread(() -> {
                try {
                    while (lines.readLine() != null) {
                        // events keep coming while the stream lives
                    }
                } catch (IOException e) {
                    // a reset connection ends the stream too
                }
                ended.complete(System.nanoTime());
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Hangs up (a stream left open would hold up the gateway's graceful shutdown). */
        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    private void publish(Map<String, String> event) {
        redis.stream(String.class).xadd(AuthEventStream.STREAM, event);
    }

    private static void assertEndsWithin(OpenStream open, long revokedAt) throws Exception {
        long endedAt = open.ended.get(WITHIN.toMillis() + 2000, TimeUnit.MILLISECONDS);
        long millis = Duration.ofNanos(endedAt - revokedAt).toMillis();
        assertTrue(millis <= WITHIN.toMillis(), "the stream ended " + millis + " ms after the revocation");
    }

    @Test
    void aLoggedOutSessionsStreamEndsWithinASecondAndOthersGoOn() throws Exception {
        String user = "u-" + UUID.randomUUID();
        String sid = UUID.randomUUID().toString();
        OpenStream revoked = new OpenStream(TestJwt.token(user, sid, Set.of("user")));
        OpenStream otherSession = new OpenStream(TestJwt.token(user, UUID.randomUUID().toString(), Set.of("user")));
        OpenStream otherUser = new OpenStream(TestJwt.user("u-" + UUID.randomUUID()));

        long revokedAt = System.nanoTime();
        revokedSessions.revoke(sid, Duration.ofMinutes(1)).await().atMost(Duration.ofSeconds(5));
        publish(Map.of("type", "logout", "userId", user, "sessionId", sid, "at", "now"));

        try (otherSession; otherUser) {
            assertEndsWithin(revoked, revokedAt);
            Thread.sleep(300);
            assertTrue(!otherSession.ended.isDone() && !otherUser.ended.isDone(), "only the revoked session's stream ends");
        }
    }

    @Test
    void aDisabledUsersStreamsEndWithinASecond() throws Exception {
        String user = "u-" + UUID.randomUUID();
        OpenStream first = new OpenStream(TestJwt.token(user, UUID.randomUUID().toString(), Set.of("user")));
        OpenStream second = new OpenStream(TestJwt.token(user, UUID.randomUUID().toString(), Set.of("user")));

        long disabledAt = System.nanoTime();
        // auth-service announces the user first and denylists the sessions after: the event alone must do
        publish(Map.of("type", "user_disabled", "userId", user, "at", "now"));

        assertEndsWithin(first, disabledAt);
        assertEndsWithin(second, disabledAt);
    }
}
