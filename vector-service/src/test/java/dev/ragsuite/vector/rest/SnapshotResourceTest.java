package dev.ragsuite.vector.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.vector.support.InternalApi;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** GET /internal/v1/snapshot: internal callers only; a zip of one commit of the active index and its marker. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class SnapshotResourceTest {

    @Test
    void withoutTheInternalTokenItIsRefused() {
        given().get("/internal/v1/snapshot").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theSnapshotHoldsTheActiveIndexCommitAndItsMarker() throws IOException {
        String owner = "user-" + UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        InternalApi.internal()
                .body(Map.of("ownerId", owner, "documentId", doc, "documentName", "s.txt",
                        "chunks", List.of(Map.of("chunkId", doc + ":0", "position", 0, "text", "The snapshot keeps this chunk."))))
                .post("/internal/v1/chunks").then().statusCode(200).body("upserted", equalTo(1));

        byte[] zip = given().header(InternalApi.INTERNAL, RagTestEnvironment.INTERNAL_TOKEN)
                .get("/internal/v1/snapshot").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();

        List<String> names = new ArrayList<>();
        String marker = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("ACTIVE")) {
                    marker = new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("e5-small-v2-q-384/segments_")), "a Lucene commit: " + names);
        assertTrue(marker != null && marker.contains("index=e5-small-v2-q-384") && marker.contains("dimensions=384"),
                "the marker names the index: " + marker);
    }
}
