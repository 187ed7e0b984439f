package dev.ragsuite.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.service.DocumentStorage;
import dev.ragsuite.ingest.service.JobQueue;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An upload that cannot be queued leaves nothing behind: no row, no stored file. */
@QuarkusTest
@QuarkusTestResource(RagTestEnvironment.class)
class UploadRollbackTest {

    @InjectMock
    JobQueue jobs;

    @Inject
    DocumentStorage storage;

    @Test
    void failedEnqueueRemovesRowAndFileAndAnswers503() throws IOException {
        when(jobs.enqueue(any())).thenReturn(Uni.createFrom().failure(new IllegalStateException("redis down")));
        String token = TestJwt.user("carol-" + UUID.randomUUID());
        Set<Path> before = storedFiles();

        given().auth().oauth2(token).multiPart("file", "doc.txt", Fixtures.text(), "text/plain")
                .post("/api/documents").then().statusCode(503).contentType("application/problem+json");

        given().auth().oauth2(token).get("/api/documents").then().statusCode(200).body("total", equalTo(0));
        Set<Path> after = storedFiles();
        assertTrue(before.containsAll(after), "no file may be left behind: " + after);
    }

    private Set<Path> storedFiles() throws IOException {
        try (Stream<Path> files = Files.list(storage.directory())) {
            return files.collect(Collectors.toSet());
        }
    }
}
