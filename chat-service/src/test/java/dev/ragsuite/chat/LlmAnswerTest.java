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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.ragsuite.chat.support.LlmModeProfile;
import dev.ragsuite.chat.support.LlmStandInTestBase;
import dev.ragsuite.chat.support.ScrapedMetrics;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.common.security.InternalToken;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Model answers through a WireMock Ollama, and what happens when the model misbehaves. */
@QuarkusTest
@TestProfile(LlmModeProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class LlmAnswerTest extends LlmStandInTestBase {

    LlmAnswerTest() {
        super("llm-user-");
    }

    @Test
    @Order(1) // first: a slow reply of a later test completes (and counts its tokens) after that test ended
    void theModelAnswersWithCheckedCitations() {
        ollama.stubFor(post("/api/chat").withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(okJson(OllamaWireMockStandIn.chatReply(
                        "Tesla died in 1943 [1]. He was 86 years old [7]."))));
        double invalidBefore = invalidCitationCount();
        Map<String, String> input = Map.of("model", "llama3.2", "type", "input", "call", "answer");
        Map<String, String> output = Map.of("model", "llama3.2", "type", "output", "call", "answer");
        double inputBefore = ScrapedMetrics.value("rag_chat_tokens_total", input);
        double outputBefore = ScrapedMetrics.value("rag_chat_tokens_total", output);

        ValidatableResponse answer = ask()
                .statusCode(200)
                .body("mode", is("llm"))
                .body("answer", is("Tesla died in 1943 [1]. He was 86 years old."))
                .body("citations", hasSize(1))
                .body("citations[0].n", is(1))
                .body("citations[0].documentId", is(TeslaPassages.DOCUMENT_ID.toString()))
                .body("citations[0].chunkId", is(TeslaPassages.DOCUMENT_ID + ":0"))
                .body("citations[0].snippet", containsString("1943"));

        assertThat(invalidCitationCount() - invalidBefore, is(1.0));
        // the reply's prompt_eval_count and eval_count, counted as the model's input and output tokens
        assertThat(ScrapedMetrics.value("rag_chat_tokens_total", input) - inputBefore, is(262.0));
        assertThat(ScrapedMetrics.value("rag_chat_tokens_total", output) - outputBefore, is(21.0));
        // the real protocol: one non-streamed chat call with the numbered passages and the question
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(containing("[1] (from \\\"tesla.txt\\\") Nikola Tesla"))
                .withRequestBody(containing("[2] (from \\\"tesla.txt\\\") In his final years"))
                .withRequestBody(containing("Question: " + QUESTION)));
        // the user's token reached vector-service through the real client, with the internal token
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader(InternalToken.HEADER, equalTo(RagTestEnvironment.INTERNAL_TOKEN))
                .withRequestBody(matchingJsonPath("$.query", equalTo(QUESTION)))
                .withRequestBody(matchingJsonPath("$.topK", equalTo("5"))));

        String conversationId = answer.extract().path("conversationId");
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200)
                .body("[1].mode", is("llm"))
                .body("[1].content", is("Tesla died in 1943 [1]. He was 86 years old."))
                .body("[1].citations[0].n", is(1));
    }

    @Test
    void aModelSlowerThanTheTimeoutFallsBackToExtractive() {
        ollama.stubFor(post("/api/chat").willReturn(okJson(OllamaWireMockStandIn.chatReply("Too late [1]."))
                .withFixedDelay(LlmModeProfile.TIMEOUT_MILLIS + 2_000)));

        long started = System.nanoTime();
        ask().statusCode(200)
                .body("mode", is("extractive"))
                .body("answer", containsString("1943"))
                .body("answer", not(containsString("Too late")))
                .body("citations[0].documentId", is(TeslaPassages.DOCUMENT_ID.toString()));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat("answered by the fallback before the model replied", tookMillis < LlmModeProfile.TIMEOUT_MILLIS + 2_000, is(true));
    }

    @Test
    void aModelErrorFallsBackToExtractive() {
        ollama.stubFor(post("/api/chat").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model runner crashed\"}")));

        ask().statusCode(200)
                .body("mode", is("extractive"))
                .body("answer", containsString("1943"))
                .body("answer", containsString("[1]"));
    }

    @Test
    void readyReportsOllamaWithoutDependingOnIt() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'chat-dependencies' }.data.vector-service", is("up"))
                .body("checks.find { it.name == 'chat-dependencies' }.data.ollama", is("up"));

        ollama.resetAll(); // /api/tags now answers 404: Ollama "down"
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'chat-dependencies' }.data.ollama", containsString("down"));
    }

    private ValidatableResponse ask() {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("question", QUESTION))
                .post("/api/chat").then();
    }

    private static double invalidCitationCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^rag_citation_invalid_total(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
