package dev.ragsuite.chat.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ragsuite.testing.AllAtOnce;
import dev.ragsuite.testing.SseEvents;
import dev.ragsuite.testing.TestJwt;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same cases for every hosted or OpenAI-compatible chat model provider, each against its WireMock stand-in
 * (the subclass says how that provider's API replies): {@code /api/chat}, {@code /api/chat/stream} and
 * {@code /v1/chat/completions} answer with {@code mode llm} and the provider's {@code model}, citation markers
 * checked; and fall back to extractive answers, saying {@code model extractive}, when the provider fails
 * (5xx), refuses the key, or is slower than the timeout. Readiness and metrics name the provider.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class HostedModelTestBase extends VectorStandInTestBase {

    protected static final String QUESTION = "In what year did Tesla die?";
    /** The model's answer, one marker naming no passage ([7]: two were given). */
    protected static final String MODEL_ANSWER = "Tesla died in 1943 [1]. He was 86 years old [7].";
    protected static final String CHECKED_ANSWER = "Tesla died in 1943 [1]. He was 86 years old.";
    /** The same answer as streamed pieces, markers split across pieces. */
    protected static final String[] MODEL_PIECES = { "Tesla died in ", "1943 ", "[", "1", "]. He was 86 ", "[", "7", "]", "." };
    protected static final String CHECKED_STREAM = "Tesla died in 1943 [1]. He was 86.";
    protected static final int PROMPT_TOKENS = 262;
    protected static final int ANSWER_TOKENS = 21;
    protected static final int STREAM_TOKENS = 12;

    protected HostedModelTestBase(String userPrefix) {
        super(userPrefix);
    }

    /** The provider as configured and named in answers, e.g. {@code openai}. */
    protected abstract String provider();

    /** The model as configured, e.g. {@code gpt-4o-mini}. */
    protected abstract String modelName();

    /** The model the stand-in's replies say answered (the token metric's {@code model} label). */
    protected abstract String respondingModel();

    protected abstract WireMockServer standIn();

    /** Resets the stand-in to its defaults (model list or model for the readiness probe). */
    protected abstract void resetStandIn();

    /** Stubs a whole (non-streamed) answer saying {@code text}, using {@link #PROMPT_TOKENS} and {@link #ANSWER_TOKENS}. */
    protected abstract void stubAnswer(String text);

    /** Stubs a streamed answer of these pieces, using {@link #PROMPT_TOKENS} and {@link #STREAM_TOKENS}. */
    protected abstract void stubStream(String... pieces);

    /** Stubs every model call (whole and streamed) with this reply. */
    protected abstract void stubEveryCall(ResponseDefinitionBuilder reply);

    /** The provider's error reply for a failing server (500 or 503). */
    protected abstract ResponseDefinitionBuilder serverError();

    /** How the provider refuses a wrong or revoked key. */
    protected abstract ResponseDefinitionBuilder keyRefused();

    /** A normal whole answer saying {@code text}, as the provider would send it. */
    protected abstract ResponseDefinitionBuilder answerReply(String text);

    /** Checks the one whole-answer request the stand-in received: the provider's protocol, model, key and prompt. */
    protected abstract void verifyAnswerRequest();

    protected String label() {
        return provider() + ":" + modelName();
    }

    @BeforeEach
    void resetProviderStandIn() {
        standIn().resetAll();
        resetStandIn();
    }

    @Test
    @Order(1) // first: a slow reply of a later case completes (and counts its tokens) after that case ended
    void aWholeAnswerIsTheModelsCheckedAnswerAndNamesTheModel() {
        stubAnswer(MODEL_ANSWER);
        Map<String, String> input = Map.of("provider", provider(), "model", respondingModel(), "type", "input", "call", "answer");
        Map<String, String> output = Map.of("provider", provider(), "model", respondingModel(), "type", "output", "call", "answer");
        double inputBefore = ScrapedMetrics.value("rag_chat_tokens_total", input);
        double outputBefore = ScrapedMetrics.value("rag_chat_tokens_total", output);
        double invalidBefore = ScrapedMetrics.value("rag_citation_invalid_total", Map.of());

        ValidatableResponse answer = ask().statusCode(200)
                .body("mode", is("llm"))
                .body("model", is(label()))
                .body("answer", is(CHECKED_ANSWER))
                .body("citations", hasSize(1))
                .body("citations[0].n", is(1))
                .body("citations[0].documentId", is(TeslaPassages.DOCUMENT_ID.toString()))
                .body("citations[0].snippet", containsString("1943"));

        assertThat(ScrapedMetrics.value("rag_citation_invalid_total", Map.of()) - invalidBefore, is(1.0));
        assertThat(ScrapedMetrics.value("rag_chat_tokens_total", input) - inputBefore, is((double) PROMPT_TOKENS));
        assertThat(ScrapedMetrics.value("rag_chat_tokens_total", output) - outputBefore, is((double) ANSWER_TOKENS));
        verifyAnswerRequest();
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", answer.extract().path("conversationId").toString())
                .then().statusCode(200)
                .body("[0].model", is((Object) null))
                .body("[1].mode", is("llm"))
                .body("[1].model", is(label()))
                .body("[1].content", is(CHECKED_ANSWER));
    }

    @Test
    void aStreamedAnswerIsCheckedPieceByPieceAndItsDoneEventNamesTheModel() {
        stubStream(MODEL_PIECES);

        List<SseEvents.Event> events = stream();

        assertThat(SseEvents.text(events), is(CHECKED_STREAM));
        SseEvents.Event done = SseEvents.last(events, "done");
        assertThat(done.data().get("mode").asText(), is("llm"));
        assertThat(done.data().get("model").asText(), is(label()));
        assertThat(SseEvents.last(events, "citations").data().get(0).get("n").asInt(), is(1));
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", done.data().get("conversationId").asText())
                .then().statusCode(200)
                .body("[1].content", is(CHECKED_STREAM))
                .body("[1].model", is(label()))
                .body("[1].citations.n", contains(1));
    }

    @Test
    void theOpenAiCompatibleApiAnswersThroughTheSameAnswerer() {
        stubAnswer(MODEL_ANSWER);
        stubStream(MODEL_PIECES);

        completion(false).statusCode(200)
                .body("choices[0].message.content", is(CHECKED_ANSWER))
                .body("rag.mode", is("llm"))
                .body("rag.model", is(label()))
                .body("citations[0].n", is(1));

        token = TestJwt.user(owner + "-streams"); // another user: this one's answer is now in the answer cache
        List<String> data = OpenAiStream.data(completion(true).statusCode(200).extract().asString());
        assertThat(OpenAiStream.text(data), is(CHECKED_STREAM));
        JsonNode last = OpenAiStream.json(data.get(data.size() - 2));
        assertThat(last.get("rag").get("mode").asText(), is("llm"));
        assertThat(last.get("rag").get("model").asText(), is(label()));
        assertThat(last.get("citations").get(0).get("n").asInt(), is(1));
    }

    @Test
    void aFailingProviderFallsBackToExtractiveAnswersThatSaySo() {
        stubEveryCall(serverError());

        ask().statusCode(200)
                .body("mode", is("extractive"))
                .body("model", is("extractive"))
                .body("answer", containsString("1943"))
                .body("answer", containsString("[1]"));
        SseEvents.Event done = SseEvents.last(stream(), "done");
        assertThat(done.data().get("mode").asText(), is("extractive"));
        assertThat(done.data().get("model").asText(), is("extractive"));
    }

    @Test
    void aRefusedKeyFallsBackToExtractiveAnswers() {
        stubEveryCall(keyRefused());

        completion(false).statusCode(200)
                .body("rag.mode", is("extractive"))
                .body("rag.model", is("extractive"))
                .body("choices[0].message.content", containsString("1943"));
        List<String> data = OpenAiStream.data(completion(true).statusCode(200).extract().asString());
        JsonNode last = OpenAiStream.json(data.get(data.size() - 2));
        assertThat(last.get("rag").get("model").asText(), is("extractive"));
        assertThat(OpenAiStream.text(data), containsString("1943"));
    }

    @Test
    void aProviderSlowerThanTheTimeoutFallsBackToExtractive() {
        int late = HostedModelProfiles.TIMEOUT_MILLIS + 1_500;
        stubEveryCall(answerReply("Too late [1].").withFixedDelay(late));

        // both endpoints at once: each waits out the timeout, so the case costs one timeout, not two
        List<Timed> both = AllAtOnce.run(2, i -> {
            long started = System.nanoTime();
            Object result = i == 0 ? ask().extract().response() : stream();
            return new Timed(result, (System.nanoTime() - started) / 1_000_000);
        });
        ((Response) both.get(0).result()).then().statusCode(200)
                .body("mode", is("extractive"))
                .body("model", is("extractive"))
                .body("answer", not(containsString("Too late")));
        @SuppressWarnings("unchecked")
        List<SseEvents.Event> events = (List<SseEvents.Event>) both.get(1).result();
        assertThat(SseEvents.last(events, "done").data().get("model").asText(), is("extractive"));
        assertThat(SseEvents.text(events), not(containsString("Too late")));
        assertThat("the whole answer came from the fallback before the provider replied", both.get(0).millis(),
                lessThan((long) late));
        assertThat("the stream came from the fallback before the provider replied", both.get(1).millis(),
                lessThan((long) late));
    }

    /** A call's result and how long it took. */
    private record Timed(Object result, long millis) {
    }

    @Test
    void readinessAndMetricsNameTheProviderAndModel() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'chat-dependencies' }.data.llm-provider", is(provider()))
                .body("checks.find { it.name == 'chat-dependencies' }.data.llm-model", is(label()))
                .body("checks.find { it.name == 'chat-dependencies' }.data." + provider(), is("up"));
        assertThat(ScrapedMetrics.value("rag_chat_llm_info", Map.of("provider", provider(), "model", label())), is(1.0));

        standIn().resetAll(); // the probe now gets 404: the provider is "down", and readiness does not depend on it
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'chat-dependencies' }.data." + provider(), containsString("down"));
    }

    protected ValidatableResponse ask() {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("question", QUESTION))
                .post("/api/chat").then();
    }

    protected List<SseEvents.Event> stream() {
        return SseEvents.parse(given().auth().oauth2(token).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("question", QUESTION)).post("/api/chat/stream")
                .then().statusCode(200).extract().asString());
    }

    protected ValidatableResponse completion(boolean stream) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("model", "rag-suite", "stream", stream, "messages", List.of(Map.of("role", "user", "content", QUESTION))))
                .post("/v1/chat/completions").then();
    }
}
