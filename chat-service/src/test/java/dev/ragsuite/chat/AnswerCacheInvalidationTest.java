package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.ragsuite.chat.support.ExtractiveStandInProfile;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.chat.support.VectorStandInTestBase;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The answer cache's invalidation through real {@code rag:documents:events} entries (written with the
 * injected Redis client, so no integration-test twin); vector-service is its WireMock stand-in.
 */
@QuarkusTest
@TestProfile(ExtractiveStandInProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AnswerCacheInvalidationTest extends VectorStandInTestBase {

    private static final String QUESTION = ChatStreamTest.QUESTION;

    @Inject
    RedisDataSource redis;

    AnswerCacheInvalidationTest() {
        super("stream-user-");
    }

    @Test
    void aDocumentEventOfTheOwnerInvalidatesTheirCachedAnswersOnly() {
        ask(Map.of("question", QUESTION)).statusCode(200);
        String otherOwner = "other-" + UUID.randomUUID();

        // someone else's document changed: still a hit
        publish(UUID.randomUUID(), otherOwner, "indexed");
        awaitIndexVersion(otherOwner, 1);
        ask(Map.of("question", QUESTION)).statusCode(200);
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search")));

        // progress events change nothing
        publish(UUID.randomUUID(), owner, "embedded");
        publish(UUID.randomUUID(), otherOwner, "indexed");
        awaitIndexVersion(otherOwner, 2); // the stream is read in order: the owner's event was seen before
        assertThat(redis.value(String.class).get("rag:chat:index-version:" + owner), is((String) null));

        publish(UUID.randomUUID(), owner, "indexed");
        awaitIndexVersion(owner, 1);
        ask(Map.of("question", QUESTION)).statusCode(200);
        vector.verify(2, postRequestedFor(urlEqualTo("/internal/v1/search")));
    }

    @Test
    void aChangeOfADocumentPublishedToEveryoneInvalidatesEveryonesAnswers() {
        ask(Map.of("question", QUESTION)).statusCode(200);
        String admin = "admin-" + UUID.randomUUID();
        long before = sharedVersion();

        // the admin's own (unpublished) document: this user's answer stays cached
        publish(UUID.randomUUID(), admin, "indexed");
        awaitIndexVersion(admin, 1);
        ask(Map.of("question", QUESTION)).statusCode(200);
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search")));

        // a document of the admin's is published: every user asks the index again
        publish(UUID.randomUUID(), admin, "published");
        await().atMost(Duration.ofSeconds(10)).until(() -> sharedVersion() > before);
        ask(Map.of("question", QUESTION)).statusCode(200);
        vector.verify(2, postRequestedFor(urlEqualTo("/internal/v1/search")));

        // a new version of a published document indexed (the event says shared): again
        long published = sharedVersion();
        redis.stream(String.class, String.class, String.class).xadd("rag:documents:events", Map.of("documentId",
                UUID.randomUUID().toString(), "ownerId", admin, "status", "indexed", "shared", "true"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sharedVersion() > published);
        ask(Map.of("question", QUESTION)).statusCode(200);
        vector.verify(3, postRequestedFor(urlEqualTo("/internal/v1/search")));
    }

    @Test
    void anUnpublishedDocumentDropsTheCachedAnswersThatCitedIt() {
        UUID document = TeslaPassages.DOCUMENT_ID;
        ask(Map.of("question", QUESTION)).statusCode(200);
        Set<String> keys = redis.set(String.class).smembers("rag:chat:cited:" + document);
        assertThat(keys, not(empty()));
        String key = keys.iterator().next();

        publish(document, "admin-" + UUID.randomUUID(), "unpublished");

        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.key().exists(key));
    }

    private long sharedVersion() {
        String version = redis.value(String.class).get("rag:chat:shared-version");
        return version == null ? 0 : Long.parseLong(version);
    }

    @Test
    void aDeletedDocumentDropsTheCachedAnswersThatCitedIt() {
        UUID document = TeslaPassages.DOCUMENT_ID;
        ask(Map.of("question", QUESTION)).statusCode(200);
        Set<String> keys = redis.set(String.class).smembers("rag:chat:cited:" + document);
        assertThat(keys, not(empty()));
        String key = keys.iterator().next();
        assertThat(redis.key().exists(key), is(true));

        publish(document, "whoever-" + UUID.randomUUID(), "deleted");

        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.key().exists(key));
        assertThat(redis.key().exists("rag:chat:cited:" + document), is(false));
    }

    private void publish(UUID documentId, String ownerId, String status) {
        redis.stream(String.class, String.class, String.class).xadd("rag:documents:events",
                Map.of("documentId", documentId.toString(), "ownerId", ownerId, "status", status));
    }

    private void awaitIndexVersion(String ownerId, long atLeast) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String version = redis.value(String.class).get("rag:chat:index-version:" + ownerId);
            return version != null && Long.parseLong(version) >= atLeast;
        });
    }

    private ValidatableResponse ask(Map<String, ?> body) {
        return ChatStreamTest.ask(token, body);
    }
}
