package dev.ragsuite.ingest.extract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.IngestTestSupport;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** Uploads and waiting for a document's final state, for the tests of files meant to hurt the parser. */
abstract class HostileFiles extends OwnerTest {

    /** Uploads big enough for the generated documents (the test default is 64 KiB). */
    static final Map<String, String> LARGER_UPLOADS = Map.of(
            "rag.ingest.max-upload-bytes", "4194304",
            "quarkus.http.limits.max-body-size", "5M",
            "rag.ingest.limits.parse-threads", "1", // one parse at a time: a parse that is not really stopped blocks the next
            "rag.ingest.jobs.lease", "3M");

    HostileFiles() {
        super("hostile-");
    }

    String upload(String name, byte[] bytes) {
        return given().auth().oauth2(token).multiPart("file", name, bytes, "application/octet-stream")
                .post("/api/documents").then().statusCode(202).extract().jsonPath().getString("id");
    }

    JsonPath awaitFinal(String id, Duration within) {
        return IngestTestSupport.awaitFinal(token, id, within, Duration.ofMillis(200));
    }

    /** Whether a thread of this JVM (the service under test) is inside a parser now. */
    static boolean parsingInThisJvm() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream).map(StackTraceElement::getClassName)
                .anyMatch(name -> name.startsWith("org.apache.tika.parser.") || name.startsWith("org.apache.poi."));
    }

    /** The service still answers: liveness and the document API. */
    void serviceStillAnswers() {
        given().get("/q/health/live").then().statusCode(200);
        assertEquals(200, given().auth().oauth2(token).get("/api/documents").statusCode());
    }
}
