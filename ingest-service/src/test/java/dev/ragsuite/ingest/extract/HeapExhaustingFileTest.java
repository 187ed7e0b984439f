package dev.ragsuite.ingest.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file that needs more memory to parse than the parser may use fails with that reason, and the
 * service lives on: parsing runs in a child JVM with its own small heap, which the file ends, not the
 * service; the next document is parsed by a new child.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@TestProfile(HeapExhaustingFileTest.SmallParserHeap.class)
class HeapExhaustingFileTest extends HostileFiles {

    public static class SmallParserHeap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(LARGER_UPLOADS);
            config.put("rag.ingest.parser.max-heap", "64m");
            config.put("rag.ingest.limits.parse-timeout", "90S"); // the heap, not the clock, must stop it
            return config;
        }
    }

    @Test
    void fileThatExhaustsTheParserHeapFailsAndTheNextDocumentIsIndexed() {
        byte[] hungry = Fixtures.heapHungryDocx(200_000);
        assertTrue(hungry.length < 2_000_000, "a small upload: " + hungry.length);

        JsonPath document = awaitFinal(upload("hungry.docx", hungry), Duration.ofSeconds(150));
        assertEquals("failed", document.getString("status"), document::prettify);
        assertEquals("the file needs more memory to parse than allowed (64m, rag.ingest.parser.max-heap)",
                document.getString("error"));
        serviceStillAnswers();

        JsonPath next = awaitFinal(upload("keeper.docx", Fixtures.docx()), Duration.ofSeconds(90));
        assertEquals("indexed", next.getString("status"), next::prettify);
        assertTrue(next.getInt("chunkCount") > 0);
    }
}
