package dev.ragsuite.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.vector.api.ActivateResult;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.DocumentIndexStats;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.vector.api.VisibilityResult;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

/** What the ingest tests share: a vector-service that accepts everything, uploads, and waiting for a document's state. */
public final class IngestTestSupport {

    public static final String DOCUMENTS = "/api/documents";

    private IngestTestSupport() {
    }

    /** A (mocked) vector-service that accepts everything, for tests about the ingest side. */
    public static void acceptEverything(VectorClient vectors) {
        when(vectors.upsert(any())).thenAnswer(call -> Uni.createFrom()
                .item(new UpsertResult(call.getArgument(0, UpsertRequest.class).chunks().size())));
        when(vectors.activateVersion(any(), anyInt(), anyString())).thenReturn(Uni.createFrom().item(new ActivateResult(1, 0)));
        when(vectors.discardVersion(any(), anyInt(), anyString())).thenReturn(Uni.createFrom().item(new DeleteResult(0, 0)));
        when(vectors.deleteDocument(any(), anyString())).thenReturn(Uni.createFrom().item(new DeleteResult(0, 0)));
        when(vectors.documentStats(any(), anyString())).thenReturn(Uni.createFrom().item(new DocumentIndexStats(0, 0, 0)));
        when(vectors.setVisibility(any(), anyString(), anyBoolean())).thenAnswer(call -> Uni.createFrom()
                .item(new VisibilityResult(call.getArgument(2, Boolean.class), 1)));
    }

    /** POSTs one file as the multipart field {@code file}. */
    public static Response upload(String token, String fileName, byte[] bytes, String mimeType) {
        return given().auth().oauth2(token).multiPart("file", fileName, bytes, mimeType).post(DOCUMENTS);
    }

    /** The caller's document as the API shows it (asserting 200). */
    public static JsonPath document(String token, String id) {
        return given().auth().oauth2(token).get(DOCUMENTS + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the document is {@code indexed} or {@code failed}, polling every 100 ms. */
    public static JsonPath awaitFinal(String token, String id, Duration within) {
        return awaitFinal(token, id, within, Duration.ofMillis(100));
    }

    public static JsonPath awaitFinal(String token, String id, Duration within, Duration poll) {
        return await().atMost(within).pollInterval(poll).until(() -> document(token, id),
                json -> List.of("indexed", "failed").contains(json.getString("status")));
    }
}
