package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ragsuite.chat.support.HostedModelProfiles;
import dev.ragsuite.chat.support.HostedModelTestBase;
import dev.ragsuite.chat.support.OpenAiStream;
import dev.ragsuite.testing.OpenAiStandIn;
import dev.ragsuite.testing.OpenAiWireMockStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code rag.chat.llm.provider=openai} against the WireMock stand-in of an OpenAI-compatible API
 * ({@link OpenAiWireMockStandIn}): the shared cases of {@link HostedModelTestBase}, the protocol the client
 * speaks (https://platform.openai.com/docs/api-reference/chat/create, streaming:
 * https://platform.openai.com/docs/api-reference/chat-streaming/streaming), and the time to the first streamed piece of a {@code /v1/chat/completions} answer (printed, not asserted).
 */
@QuarkusTest
@TestProfile(HostedModelProfiles.OpenAi.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class OpenAiProviderTest extends HostedModelTestBase {

    private static final String COMPLETIONS = "/v1/chat/completions";

    @OpenAiStandIn
    WireMockServer openai;

    @TestHTTPResource("/v1/chat/completions")
    URI completions;

    OpenAiProviderTest() {
        super("openai-provider-");
    }

    @Override
    protected String provider() {
        return "openai";
    }

    @Override
    protected String modelName() {
        return "gpt-4o-mini";
    }

    @Override
    protected String respondingModel() {
        return OpenAiWireMockStandIn.MODEL_SNAPSHOT;
    }

    @Override
    protected WireMockServer standIn() {
        return openai;
    }

    @Override
    protected void resetStandIn() {
        new OpenAiWireMockStandIn().stubDefaults(openai);
    }

    @Override
    protected void stubAnswer(String text) {
        openai.stubFor(post(COMPLETIONS).atPriority(5).willReturn(answerReply(text)));
    }

    @Override
    protected void stubStream(String... pieces) {
        openai.stubFor(post(COMPLETIONS).atPriority(1).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", OpenAiWireMockStandIn.EVENT_STREAM)
                        .withBody(OpenAiWireMockStandIn.streamedCompletion(PROMPT_TOKENS, STREAM_TOKENS, pieces))));
    }

    @Override
    protected void stubEveryCall(ResponseDefinitionBuilder reply) {
        openai.stubFor(post(COMPLETIONS).willReturn(reply));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return OpenAiWireMockStandIn.error(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null);
    }

    @Override
    protected ResponseDefinitionBuilder keyRefused() {
        return OpenAiWireMockStandIn.error(401, "Incorrect API key provided: sk-stand*************6789. You can find your "
                + "API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
    }

    @Override
    protected ResponseDefinitionBuilder answerReply(String text) {
        return okJson(OpenAiWireMockStandIn.completion(text, PROMPT_TOKENS, ANSWER_TOKENS));
    }

    @Override
    protected void verifyAnswerRequest() {
        openai.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiWireMockStandIn.API_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .withRequestBody(containing("[1] (from \\\"tesla.txt\\\") Nikola Tesla"))
                .withRequestBody(containing("Question: " + QUESTION)));
    }

    /**
     * Time to the first piece of answer text of a streamed {@code /v1/chat/completions} through the answerer
     * (for a new user each time, so never from the answer cache: retrieval from the vector-service stand-in, the prompt, the model call to the OpenAI stand-in, the
     * citation filter), sequential requests after two warm-ups. The stand-in replies at once, so this is
     * rag-suite's own overhead, not a model's. Printed as {@code MEASURED:}; only the answers are asserted.
     */
    @Test
    void timeToTheFirstStreamedPieceOfACompletion() throws Exception {
        stubStream(MODEL_PIECES);
        HttpClient client = HttpClient.newHttpClient();
        String body = "{\"model\":\"rag-suite\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}";
        int warmups = 2;
        int runs = 10;
        List<Long> firstChunk = new ArrayList<>();
        List<Long> firstText = new ArrayList<>();
        for (int i = 0; i < warmups + runs; i++) {
            // a new user each time: a repeated question of one user would be answered from the answer cache
            String user = TestJwt.user("openai-measure-" + UUID.randomUUID());
            HttpRequest request = HttpRequest.newBuilder(completions).header("Authorization", "Bearer " + user)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long chunk = -1;
            long text = -1;
            StringBuilder all = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: ") && chunk < 0) {
                        chunk = System.nanoTime() - start;
                    }
                    if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"") && text < 0) {
                        text = System.nanoTime() - start;
                    }
                    all.append(line).append('\n');
                }
            }
            assertThat(response.statusCode(), is(200));
            assertThat(OpenAiStream.text(OpenAiStream.data(all.toString())), is(CHECKED_STREAM));
            if (i >= warmups) {
                firstChunk.add(chunk / 1_000);
                firstText.add(text / 1_000);
            }
        }
        System.out.printf("MEASURED: /v1/chat/completions stream through the answerer with the OpenAI stand-in, %d sequential "
                + "requests: first chunk median %.1f ms p95 %.1f ms; first answer text median %.1f ms p95 %.1f ms%n", runs,
                percentile(firstChunk, 50), percentile(firstChunk, 95), percentile(firstText, 50), percentile(firstText, 95));
    }

    private static double percentile(List<Long> micros, int p) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000.0;
    }
}
