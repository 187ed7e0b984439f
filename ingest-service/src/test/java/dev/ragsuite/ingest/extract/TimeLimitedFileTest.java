package dev.ragsuite.ingest.extract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * A file that takes longer to parse than allowed fails with the time limit as its reason, and its
 * parse is really ended (the parser process is killed; a thread could only be abandoned, and read on
 * for seconds), and the next document is indexed.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TimeLimitedFileTest.ShortParseTimeout.class)
class TimeLimitedFileTest extends HostileFiles {

    public static class ShortParseTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(LARGER_UPLOADS);
            config.put("rag.ingest.parser.max-heap", "3g"); // the clock, not the heap, must stop it
            // long enough for a text in a new (cold) parser process on a busy machine, far too short for the slow file
            config.put("rag.ingest.limits.parse-timeout", "5S");
            return config;
        }
    }

    @Test
    void fileThatParsesPastTheTimeLimitFailsAndTheNextDocumentIsIndexed() {
        JsonPath document = awaitFinal(upload("slow.docx", Fixtures.heapHungryDocx(400_000)), Duration.ofSeconds(60));
        assertEquals("failed", document.getString("status"), document::prettify);
        assertEquals("reading the document took longer than 5 s (rag.ingest.limits.parse-timeout)", document.getString("error"));
        // the parse is over, not merely abandoned: nothing keeps reading the file (a parser thread would for seconds)
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() -> !parsingInThisJvm());
        serviceStillAnswers();

        JsonPath next = awaitFinal(upload("keeper.txt", Fixtures.text()), Duration.ofSeconds(60));
        assertEquals("indexed", next.getString("status"), next::prettify);
    }
}
