package dev.ragsuite.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Log injection: a decoded path (or any logged value) holding CR/LF must not start a forged line in the
 * plain-text log. The test profile writes the plain format to a file as well, which this test reads.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RequestLogLineTest {

    @ConfigProperty(name = "quarkus.log.file.path")
    Path logFile;

    @Test
    void controlCharactersInThePathAreEscapedOnOneLine() {
        String marker = "forged-" + UUID.randomUUID();
        given().auth().oauth2(TestJwt.user("u-" + UUID.randomUUID())).urlEncodingEnabled(false)
                .get("/api/conversations/x%0d%0a" + marker + "%09INFO%0b/messages")
                .then().statusCode(404);
        await().atMost(Duration.ofSeconds(5)).until(() -> !linesWith(marker).isEmpty());
        List<String> lines = linesWith(marker);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("GET /api/conversations/x\\r\\n" + marker + "\\tINFO\\u000b/messages -> 404"),
                lines.get(0));
    }

    private List<String> linesWith(String marker) {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8).stream().filter(l -> l.contains(marker)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
