package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import dev.ragsuite.chat.support.CacheRedisDownProfile;
import dev.ragsuite.chat.support.VectorStandInTestBase;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.SseEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer cache's Redis is unreachable: every question is still answered, and the failures are counted. */
@QuarkusTest
@TestProfile(CacheRedisDownProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AnswerCacheRedisDownTest extends VectorStandInTestBase {

    AnswerCacheRedisDownTest() {
        super("no-cache-");
    }

    @Test
    void questionsAreAnsweredWithoutTheCache() {
        double errorsBefore = ChatStreamTest.metric("rag_chat_answer_cache_total", "error");

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("question", "In what year did Tesla die?"))
                    .post("/api/chat")
                    .then().statusCode(200).body("mode", is("extractive")).body("answer", containsString("1943"));
        }
        String sse = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("question", "In what year did Tesla die?"))
                .post("/api/chat/stream").then().statusCode(200).extract().asString();
        List<SseEvents.Event> events = SseEvents.parse(sse);
        assertThat(SseEvents.last(events, "done").data().get("mode").asText(), is("extractive"));

        vector.verify(3, postRequestedFor(urlEqualTo("/internal/v1/search")));
        // each look-up failed (the store after it is skipped: there is no key to store under)
        assertThat(ChatStreamTest.metric("rag_chat_answer_cache_total", "error") - errorsBefore,
                greaterThanOrEqualTo(3.0));
    }
}
