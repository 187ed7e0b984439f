package dev.ragsuite.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.ingest.jobs.JobQueue;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Once the row is committed an upload cannot be lost: when Redis refuses the job entry the upload
 * still answers 202, and the reconciler (which writes its entries itself) picks the row up.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class UploadRollbackTest {

    @InjectMock
    JobQueue jobs;

    @Inject
    DocumentStorage storage;

    @Test
    void failedEnqueueStillAcceptsAndTheReconcilerTakesOver() {
        when(jobs.enqueue(any())).thenReturn(Uni.createFrom().failure(new IllegalStateException("redis down")));
        String token = TestJwt.user("carol-" + UUID.randomUUID());

        String id = given().auth().oauth2(token).multiPart("file", "doc.txt", Fixtures.text(), "text/plain")
                .post("/api/documents").then().statusCode(202).body("status", equalTo("queued"))
                .extract().jsonPath().getString("id");

        assertTrue(Files.exists(storage.pathOf(UUID.fromString(id))));
        given().auth().oauth2(token).get("/api/documents").then().statusCode(200).body("total", equalTo(1));
        // the reconciler's re-enqueue goes through the (mocked) queue: it is asked once the entry is stale
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                org.mockito.Mockito.verify(jobs, org.mockito.Mockito.atLeastOnce()).enqueueNow(
                        org.mockito.ArgumentMatchers.argThat(job -> job.documentId().toString().equals(id))));
        assertEquals("queued", given().auth().oauth2(token).get("/api/documents/" + id).then().statusCode(200)
                .extract().jsonPath().getString("status"), "nothing consumed it: the queue is mocked");
    }
}
