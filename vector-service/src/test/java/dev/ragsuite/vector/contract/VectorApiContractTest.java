package dev.ragsuite.vector.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.common.security.InternalToken;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.SearchRequest;
import dev.ragsuite.vector.api.SearchResponse;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.vector.api.VectorApi;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Provider side of the contract that ingest-service and chat-service consume: a REST client built
 * from {@link VectorApi} exactly as the consumers build theirs talks to the real vector-service and
 * gets the answers the contract promises. A change to either side that breaks the wire format
 * fails here, not in production.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class VectorApiContractTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The consumers' client shape: the contract itself, paths and media types inherited from it. */
    interface ConsumerClient extends VectorApi {
    }

    @TestHTTPResource("/")
    URI root;

    private ConsumerClient client(String bearerToken) {
        ClientRequestFilter credentials = request -> {
            request.getHeaders().putSingle(InternalToken.HEADER, RagTestEnvironment.INTERNAL_TOKEN);
            if (bearerToken != null) {
                request.getHeaders().putSingle("Authorization", "Bearer " + bearerToken);
            }
        };
        return QuarkusRestClientBuilder.newBuilder().baseUri(root).register(credentials).build(ConsumerClient.class);
    }

    @Test
    void upsertSearchAndDeleteThroughTheContractClient() {
        String owner = "user-" + UUID.randomUUID();
        UUID documentId = UUID.randomUUID();
        List<ChunkPayload> chunks = List.of(
                new ChunkPayload(documentId + ":0", 0, "Tesla died on 7 January 1943 in New York."),
                new ChunkPayload(documentId + ":1", 1, "The Amazon river flows into the Atlantic Ocean."));

        UpsertResult upserted = client(null).upsert(new UpsertRequest(owner, documentId, "tesla.md", chunks))
                .await().atMost(WAIT);
        assertEquals(2, upserted.upserted());

        SearchResponse found = client(TestJwt.user(owner)).search(new SearchRequest("When did Tesla die?", 2))
                .await().atMost(WAIT);
        assertEquals("lucene", found.backend());
        assertEquals(documentId + ":0", found.hits().get(0).chunkId());
        assertEquals(documentId, found.hits().get(0).documentId());
        assertEquals("tesla.md", found.hits().get(0).documentName());
        assertTrue(found.hits().get(0).text().contains("1943"));

        SearchResponse stranger = client(TestJwt.user("user-" + UUID.randomUUID()))
                .search(new SearchRequest("When did Tesla die?", 5)).await().atMost(WAIT);
        assertTrue(stranger.hits().isEmpty(), "another user's search must not see these chunks");

        DeleteResult deleted = client(null).deleteDocument(documentId, owner).await().atMost(WAIT);
        assertEquals(new DeleteResult(2, 0), deleted);
    }
}
