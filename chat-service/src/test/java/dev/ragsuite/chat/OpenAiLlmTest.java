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
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.chat.support.LlmModeProfile;
import dev.ragsuite.chat.support.LlmStandInTestBase;
import dev.ragsuite.chat.support.OllamaStreamReplies;
import dev.ragsuite.chat.support.OpenAiStream;
import dev.ragsuite.testing.OllamaWireMockStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible API with a model (WireMock Ollama): model answers, streamed, and the model's follow-up rewrite. */
@QuarkusTest
@TestProfile(LlmModeProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class OpenAiLlmTest extends LlmStandInTestBase {

    OpenAiLlmTest() {
        super("openai-llm-");
    }

    @Test
    void aStreamedCompletionIsTheModelsCheckedAnswerWithModeLlm() {
        ollama.stubFor(post("/api/chat").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", OllamaStreamReplies.CONTENT_TYPE)
                        .withBody(OllamaStreamReplies.of("Tesla died in ", "1943 ", "[", "1", "]. He was 86 ", "[", "7", "]", "."))));

        List<String> data = OpenAiStream.data(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("model", "rag-suite", "stream", true, "messages", List.of(Map.of("role", "user", "content", QUESTION))))
                .post("/v1/chat/completions").then().statusCode(200).extract().asString());

        // the invalid [7] never reaches the client
        assertThat(OpenAiStream.text(data), is("Tesla died in 1943 [1]. He was 86."));
        JsonNode last = OpenAiStream.json(data.get(data.size() - 2));
        assertThat(last.get("choices").get(0).get("finish_reason").asText(), is("stop"));
        assertThat(last.get("rag").get("mode").asText(), is("llm"));
        assertThat(last.get("citations").size(), is(1));
        assertThat(last.get("citations").get(0).get("n").asInt(), is(1));
    }

    @Test
    void theModelRewritesAFollowUpWithTheTurnsFromMessages() {
        ollama.stubFor(post("/api/chat").withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("User: Who was Nikola Tesla?")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Assistant: A Serbian-American inventor [1].")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Follow-up question: When did he die?")))
                .willReturn(okJson(OllamaWireMockStandIn.chatReply("When did Nikola Tesla die?"))));
        ollama.stubFor(post("/api/chat").withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Question: When did Nikola Tesla die?")))
                .willReturn(okJson(OllamaWireMockStandIn.chatReply("He died on 7 January 1943 [1]."))));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("model", "rag-suite", "messages", List.of(
                        Map.of("role", "system", "content", "Be brief."),
                        Map.of("role", "user", "content", "Who was Nikola Tesla?"),
                        Map.of("role", "assistant", "content", "A Serbian-American inventor [1]."),
                        Map.of("role", "user", "content", "When did he die?"))))
                .post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("He died on 7 January 1943 [1]."))
                .body("rag.mode", is("llm"))
                .body("citations[0].n", is(1));

        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo("When did Nikola Tesla die?")))
                .withHeader("Authorization", equalTo("Bearer " + token)));
    }
}
