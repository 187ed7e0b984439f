package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.ragsuite.chat.answer.AnswerStreamer;
import dev.ragsuite.chat.support.LlmModeProfile;
import dev.ragsuite.chat.support.LlmStandInTestBase;
import dev.ragsuite.chat.support.OllamaStreamReplies;
import dev.ragsuite.chat.support.ScrapedMetrics;
import dev.ragsuite.common.security.InternalToken;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.SseEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Streamed model answers through the WireMock stand-in of Ollama: checked markers, fallbacks, follow-ups. */
@QuarkusTest
@TestProfile(LlmModeProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class LlmStreamTest extends LlmStandInTestBase {

    LlmStreamTest() {
        super("llm-stream-");
    }

    @Test
    @Order(1) // first: a slow reply of a later test completes (and counts its tokens) after that test ended
    void outOfRangeMarkersSplitAcrossPiecesNeverReachTheClient() {
        stubStream(OllamaStreamReplies.of("Tesla died in ", "1943 ", "[", "1", "]. He was 86 ", "[", "7", "]", "."));
        double invalidBefore = invalidCitations();
        Map<String, String> input = Map.of("model", "llama3.2", "type", "input", "call", "stream");
        Map<String, String> output = Map.of("model", "llama3.2", "type", "output", "call", "stream");
        double inputBefore = ScrapedMetrics.value("rag_chat_tokens_total", input);
        double outputBefore = ScrapedMetrics.value("rag_chat_tokens_total", output);

        List<SseEvents.Event> events = stream(Map.of("question", QUESTION));

        String streamed = SseEvents.text(events);
        assertThat(streamed, is("Tesla died in 1943 [1]. He was 86."));
        for (SseEvents.Event e : events) {
            if (e.name().equals("token")) {
                assertThat(e.data().get("text").asText(), not(containsString("7")));
            }
        }
        assertThat(invalidCitations() - invalidBefore, is(1.0));
        // the final line's prompt_eval_count and eval_count
        assertThat(ScrapedMetrics.value("rag_chat_tokens_total", input) - inputBefore, is(262.0));
        assertThat(ScrapedMetrics.value("rag_chat_tokens_total", output) - outputBefore, is(12.0));
        SseEvents.Event done = SseEvents.last(events, "done");
        assertThat(done.data().get("mode").asText(), is("llm"));
        SseEvents.Event citations = SseEvents.last(events, "citations");
        assertThat(citations.data().size(), is(1));
        assertThat(citations.data().get(0).get("n").asInt(), is(1));
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2"))));

        given().auth().oauth2(token).get("/api/conversations/{id}/messages", done.data().get("conversationId").asText())
                .then().statusCode(200)
                .body("[1].content", is(streamed))
                .body("[1].mode", is("llm"))
                .body("[1].citations.n", contains(1));
    }

    @Test
    void aModelSlowerThanTheTimeoutStreamsTheExtractiveAnswer() {
        ollama.stubFor(post("/api/chat").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", OllamaStreamReplies.CONTENT_TYPE)
                .withBody(OllamaStreamReplies.of("Too late [1]."))
                .withFixedDelay(LlmModeProfile.TIMEOUT_MILLIS + 2_000)));

        List<SseEvents.Event> events = stream(Map.of("question", QUESTION));

        assertThat(SseEvents.last(events, "done").data().get("mode").asText(), is("extractive"));
        assertThat(SseEvents.text(events), containsString("1943"));
        assertThat(SseEvents.text(events), not(containsString("Too late")));
    }

    @Test
    void aFailingModelStreamsTheExtractiveAnswer() {
        ollama.stubFor(post("/api/chat").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model runner crashed\"}")));

        List<SseEvents.Event> events = stream(Map.of("question", QUESTION));

        assertThat(SseEvents.last(events, "done").data().get("mode").asText(), is("extractive"));
        assertThat(SseEvents.text(events), containsString("[1]"));
        String conversationId = SseEvents.last(events, "done").data().get("conversationId").asText();
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200).body("[1].content", is(SseEvents.text(events))).body("[1].mode", is("extractive"));
    }

    @Test
    void aModelThatStopsMidAnswerEndsWithWhatWasCheckedAndANote() {
        String first = "{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Tesla died in 1943 [1].\"},\"done\":false}\n";
        // then the model stalls: bytes keep coming (so the HTTP connection is not idle), but the next line
        // is complete only after twice the timeout
        String stalled = OllamaStreamReplies.of(" And " + "more ".repeat(1_000));
        int chunks = 50;
        ollama.stubFor(post("/api/chat").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", OllamaStreamReplies.CONTENT_TYPE)
                .withBody(first + stalled)
                .withChunkedDribbleDelay(chunks, LlmModeProfile.TIMEOUT_MILLIS * 2)));

        List<SseEvents.Event> events = stream(Map.of("question", QUESTION));

        String streamed = SseEvents.text(events);
        assertThat(streamed, is("Tesla died in 1943 [1]. " + AnswerStreamer.CUT_NOTE));
        assertThat(SseEvents.last(events, "done").data().get("mode").asText(), is("llm"));
        given().auth().oauth2(token)
                .get("/api/conversations/{id}/messages", SseEvents.last(events, "done").data().get("conversationId").asText())
                .then().statusCode(200).body("[1].content", is(streamed));
    }

    @Test
    void aFollowUpIsRewrittenByTheModelBeforeRetrieval() {
        ollama.stubFor(post("/api/chat").withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Follow-up question: Where did he live?")))
                .willReturn(okJson(OllamaWireMockStandIn.chatReply("Where did Nikola Tesla live?"))));
        stubStream(OllamaStreamReplies.of("He lived in the New Yorker Hotel ", "[2]", "."));
        String conversationId = SseEvents.last(stream(Map.of("question", QUESTION)), "done").data()
                .get("conversationId").asText();

        List<SseEvents.Event> events = stream(Map.of("question", "Where did he live?", "conversationId", conversationId));

        assertThat(SseEvents.text(events), is("He lived in the New Yorker Hotel [2]."));
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo("Where did Nikola Tesla live?")))
                // a streamed answer searches with the caller's own token, forwarded by the REST client
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader(InternalToken.HEADER, equalTo(RagTestEnvironment.INTERNAL_TOKEN)));
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200).body("[2].content", is("Where did he live?"));
    }

    private void stubStream(String body) {
        ollama.stubFor(post("/api/chat").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", OllamaStreamReplies.CONTENT_TYPE)
                        .withBody(body)));
    }

    private List<SseEvents.Event> stream(Map<String, ?> body) {
        String sse = given().auth().oauth2(token).contentType(ContentType.JSON).accept("text/event-stream").body(body)
                .post("/api/chat/stream")
                .then().statusCode(200).extract().asString();
        return SseEvents.parse(sse);
    }

    private static double invalidCitations() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^rag_citation_invalid_total(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
