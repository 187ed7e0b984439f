package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ragsuite.chat.support.HostedModelProfiles;
import dev.ragsuite.chat.support.HostedModelTestBase;
import dev.ragsuite.testing.GeminiStandIn;
import dev.ragsuite.testing.GeminiWireMockStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code rag.chat.llm.provider=gemini} (the seed app's hosted path) against the WireMock stand-in of Google's
 * Gemini API ({@link GeminiWireMockStandIn}; https://ai.google.dev/api/generate-content): the shared cases of
 * {@link HostedModelTestBase} and the protocol the client speaks ({@code generateContent},
 * {@code streamGenerateContent?alt=sse}, the key in {@code x-goog-api-key}).
 */
@QuarkusTest
@TestProfile(HostedModelProfiles.Gemini.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class GeminiProviderTest extends HostedModelTestBase {

    @GeminiStandIn
    WireMockServer gemini;

    GeminiProviderTest() {
        super("gemini-provider-");
    }

    @Override
    protected String provider() {
        return "gemini";
    }

    @Override
    protected String modelName() {
        return GeminiWireMockStandIn.MODEL;
    }

    @Override
    protected String respondingModel() {
        return GeminiWireMockStandIn.MODEL;
    }

    @Override
    protected WireMockServer standIn() {
        return gemini;
    }

    @Override
    protected void resetStandIn() {
        new GeminiWireMockStandIn().stubDefaults(gemini);
    }

    @Override
    protected void stubAnswer(String text) {
        gemini.stubFor(post(urlPathEqualTo(GeminiWireMockStandIn.GENERATE)).willReturn(answerReply(text)));
    }

    @Override
    protected void stubStream(String... pieces) {
        gemini.stubFor(post(urlPathEqualTo(GeminiWireMockStandIn.STREAM)).withQueryParam("alt", equalTo("sse"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", GeminiWireMockStandIn.EVENT_STREAM)
                        .withBody(GeminiWireMockStandIn.streamGenerateContent(PROMPT_TOKENS, STREAM_TOKENS, pieces))));
    }

    @Override
    protected void stubEveryCall(ResponseDefinitionBuilder reply) {
        gemini.stubFor(post(urlPathMatching("/v1beta/models/[^/]+:(generateContent|streamGenerateContent)")).willReturn(reply));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return GeminiWireMockStandIn.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
    }

    @Override
    protected ResponseDefinitionBuilder keyRefused() {
        return GeminiWireMockStandIn.keyRefused();
    }

    @Override
    protected ResponseDefinitionBuilder answerReply(String text) {
        return okJson(GeminiWireMockStandIn.generateContent(text, PROMPT_TOKENS, ANSWER_TOKENS));
    }

    @Override
    protected void verifyAnswerRequest() {
        gemini.verify(1, postRequestedFor(urlPathEqualTo(GeminiWireMockStandIn.GENERATE))
                .withHeader("x-goog-api-key", equalTo(GeminiWireMockStandIn.API_KEY))
                .withRequestBody(matchingJsonPath("$.contents[0].role", equalTo("user")))
                .withRequestBody(containing("[1] (from \\\"tesla.txt\\\") Nikola Tesla"))
                .withRequestBody(containing("Question: " + QUESTION)));
    }
}
