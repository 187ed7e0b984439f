package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Daily per-user quotas (3 questions, 1000 upload bytes in this test setup), reset at midnight UTC. */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class QuotaTest {

    @Inject
    ShiftableQuotaClock clock;

    @AfterEach
    void backToToday() {
        clock.shift(Duration.ZERO);
    }

    private static io.restassured.response.Response ask(String token, String path) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"question\":\"why?\"}").post(path);
    }

    @Test
    void questionsBeyondTheDailyQuotaAreRefusedUntilMidnightUtc() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        ask(token, "/api/chat").then().statusCode(200);
        ask(token, "/api/chat/stream").then().statusCode(200);
        ask(token, "/api/chat").then().statusCode(200);
        long untilMidnight = Duration.between(Instant.now(),
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
        int retry = Integer.parseInt(ask(token, "/api/chat/stream").then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", is("urn:rag-suite:problem:daily-quota-exceeded"))
                .body("detail", containsString("midnight UTC"))
                .extract().header("Retry-After"));
        assertTrue(Math.abs(retry - untilMidnight) <= 5, "Retry-After " + retry + " vs " + untilMidnight + " s to midnight");
        // reading conversations is not a question
        given().auth().oauth2(token).get("/api/conversations").then().statusCode(200);
        // another user has their own quota
        ask(TestJwt.user("user-" + UUID.randomUUID()), "/api/chat").then().statusCode(200);
    }

    @Test
    void theQuotaStartsAfreshTheNextUtcDay() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            ask(token, "/api/chat").then().statusCode(200);
        }
        ask(token, "/api/chat").then().statusCode(429);
        clock.shift(Duration.ofDays(1));
        ask(token, "/api/chat").then().statusCode(200);
    }

    @Test
    void uploadBytesCountTheDeclaredLength() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[600])
                .post("/api/documents").then().statusCode(200).body("bodyBytes", is(600));
        given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[600])
                .post("/api/documents").then().statusCode(429)
                .body("type", is("urn:rag-suite:problem:daily-quota-exceeded"))
                .body("detail", containsString("600 of 1000"));
        // what is left still fits
        given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[400])
                .post("/api/documents").then().statusCode(200);
        clock.shift(Duration.ofDays(1));
        given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[600])
                .post("/api/documents").then().statusCode(200);
    }

    @Test
    void aChunkedUploadIsCountedAsItStreamsAndEndsTheDaysAllowance() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        // rest-assured sends multipart bodies chunked, without a Content-Length
        given().auth().oauth2(token).multiPart("file", "a.txt", new byte[990])
                .post("/api/documents").then().statusCode(200);
        // its bytes (990 + multipart framing) were charged when it ended: all 1000 are used up
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[250])
                        .post("/api/documents").then().statusCode(429)
                        .body("type", is("urn:rag-suite:problem:daily-quota-exceeded")));
        // while nothing is left, a chunked upload is refused up front
        given().auth().oauth2(token).multiPart("file", "b.txt", new byte[10])
                .post("/api/documents").then().statusCode(429)
                .body("type", is("urn:rag-suite:problem:daily-quota-exceeded"));
    }

    @Test
    void theUsageRouteTellsTheServiceTodaysQuotaUseWhichAClientCannotForge() {
        String token = TestJwt.user("user-" + UUID.randomUUID());
        ask(token, "/api/chat").then().statusCode(200);
        String forged = "chat-questions=0/999999;reset=1";
        String told = given().auth().oauth2(token).header("X-Rag-Quota-Use", forged).get("/api/me/usage")
                .then().statusCode(200).extract().path("headers.'x-rag-quota-use'");
        assertTrue(told.matches("chat-questions=1/3;reset=\\d+, upload-bytes=0/1000;reset=\\d+"), told);
        // looking does not count as asking
        given().auth().oauth2(token).get("/api/me/usage").then().statusCode(200)
                .body("headers.'x-rag-quota-use'", startsWith("chat-questions=1/3;"));
        // elsewhere the client's header is simply dropped
        given().auth().oauth2(token).header("X-Rag-Quota-Use", forged).get("/api/conversations")
                .then().statusCode(200).body("headers.'x-rag-quota-use'", nullValue());
    }
}
