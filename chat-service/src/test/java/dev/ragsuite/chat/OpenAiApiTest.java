package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.chat.support.Db;
import dev.ragsuite.chat.support.ExtractiveStandInProfile;
import dev.ragsuite.chat.support.OpenAiStream;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.chat.support.VectorStandInTestBase;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible API ({@code /v1}) over HTTP only: models, completions whole and streamed, the history
 * from {@code messages}, and OpenAI's error shape for every refusal, also the service's own 401 and 403.
 * vector-service is its WireMock stand-in; answers are extractive.
 */
@QuarkusTest
@TestProfile(ExtractiveStandInProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class OpenAiApiTest extends VectorStandInTestBase {

    private static final String QUESTION = "In what year did Tesla die?";
    private static final String SYSTEM = "You are a helpful assistant.";

    OpenAiApiTest() {
        super("openai-user-");
    }

    @Test
    void listsAndGetsTheOneModel() {
        int created = given().auth().oauth2(token).get("/v1/models")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("object", is("list"))
                .body("data.size()", is(1))
                .body("data[0].id", is("rag-suite"))
                .body("data[0].object", is("model"))
                .body("data[0].owned_by", is("rag-suite"))
                .body("data[0].created", greaterThan(1_700_000_000))
                .extract().path("data[0].created");
        given().auth().oauth2(token).get("/v1/models/rag-suite")
                .then().statusCode(200).body("id", is("rag-suite")).body("created", is(created));
        assertOpenAiError(given().auth().oauth2(token).get("/v1/models/gpt-4o").then(), 404, "not_found_error")
                .body("error.code", is("model_not_found"))
                .body("error.param", is("model"));
    }

    @Test
    void answersAsAChatCompletionWithCitationsAndUsageAndStoresNothing() {
        Map<String, Object> body = Map.of("model", "rag-suite", "temperature", 0.2, "max_tokens", 300,
                "max_completion_tokens", 300, "user", "someone", "top_p", 1, "tools", List.of(),
                "messages", List.of(message("system", SYSTEM), message("user", QUESTION)));
        ValidatableResponse completion = complete(token, body)
                .statusCode(200).contentType(ContentType.JSON)
                .body("id", startsWith("chatcmpl-"))
                .body("object", is("chat.completion"))
                .body("created", greaterThan(1_700_000_000))
                .body("model", is("rag-suite"))
                .body("choices.size()", is(1))
                .body("choices[0].index", is(0))
                .body("choices[0].message.role", is("assistant"))
                .body("choices[0].message.content", containsString("1943"))
                .body("choices[0].message.content", containsString("[1]"))
                .body("choices[0].finish_reason", is("stop"))
                .body("citations[0].n", is(1))
                .body("citations[0].documentId", is(TeslaPassages.DOCUMENT_ID.toString()))
                .body("citations[0].documentName", is(TeslaPassages.DOCUMENT_NAME))
                .body("citations[0].chunkId", is(TeslaPassages.DOCUMENT_ID + ":0"))
                .body("citations[0].snippet", containsString("1943"))
                .body("citations[0].score", is(0.91f))
                .body("citations[0]", hasKey("page"))
                .body("citations[0]", hasKey("heading"))
                .body("rag.mode", is("extractive"));
        String content = completion.extract().path("choices[0].message.content");
        int prompt = (SYSTEM.length() + QUESTION.length() + 3) / 4;
        int answer = (content.length() + 3) / 4;
        completion.body("usage.prompt_tokens", is(prompt))
                .body("usage.completion_tokens", is(answer))
                .body("usage.total_tokens", is(prompt + answer));

        // retrieved with the question itself and the caller's own token
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo(QUESTION)))
                .withHeader("Authorization", equalTo("Bearer " + token)));
        // the same question again, as text parts: the same answer, from the answer cache
        complete(token, Map.of("model", "rag-suite", "messages", List.of(Map.of("role", "user",
                "content", List.of(Map.of("type", "text", "text", QUESTION))))))
                .statusCode(200).body("choices[0].message.content", is(content));
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search")));

        assertThat(Db.countOwned("conversations", owner), is(0L));
        assertThat(Db.countOwned("messages", owner), is(0L));
        given().auth().oauth2(token).get("/api/conversations").then().statusCode(200).body("items", empty());
    }

    @Test
    void aFollowUpIsRetrievedWithTheHistoryFromMessages() {
        complete(token, Map.of("model", "rag-suite", "messages", List.of(
                message("system", SYSTEM),
                message("user", "Who was Nikola Tesla?"),
                message("assistant", "Nikola Tesla was a Serbian-American inventor [1]."),
                message("user", "When did he die?"))))
                .statusCode(200)
                .body("choices[0].message.content", containsString("1943"));

        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo("When did he die? nikola tesla"))));
        assertThat(Db.countOwned("conversations", owner), is(0L));
    }

    @Test
    void streamsOpenAiChunksThatAddUpToTheWholeAnswer() {
        List<String> data = stream(token, Map.of("model", "rag-suite", "stream", true,
                "messages", List.of(message("user", QUESTION))));
        String whole = complete(token, Map.of("model", "rag-suite", "messages", List.of(message("user", QUESTION))))
                .statusCode(200).extract().path("choices[0].message.content");

        assertThat(data.get(data.size() - 1), is("[DONE]"));
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(OpenAiApiTest::json).toList();
        assertThat(chunks.size(), greaterThan(3));
        String id = chunks.get(0).get("id").asText();
        assertThat(id, startsWith("chatcmpl-"));
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("id").asText(), is(id));
            assertThat(chunk.get("object").asText(), is("chat.completion.chunk"));
            assertThat(chunk.get("model").asText(), is("rag-suite"));
            assertThat(chunk.get("created").asLong(), is(chunks.get(0).get("created").asLong()));
            assertThat(chunk.get("choices").size(), is(1));
            assertThat(chunk.get("choices").get(0).get("index").asInt(), is(0));
        }
        JsonNode first = chunks.get(0).get("choices").get(0);
        assertThat(first.get("delta").get("role").asText(), is("assistant"));
        assertThat(first.get("delta").get("content").asText(), is(""));
        assertThat(first.get("finish_reason").isNull(), is(true));

        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
            JsonNode choice = chunk.get("choices").get(0);
            assertThat(choice.get("finish_reason").isNull(), is(true));
            assertThat(choice.get("delta").has("role"), is(false));
            text.append(choice.get("delta").get("content").asText());
        }
        assertThat(text.toString(), is(whole));

        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.get("choices").get(0).get("finish_reason").asText(), is("stop"));
        assertThat(last.get("choices").get(0).get("delta").size(), is(0));
        assertThat(last.get("citations").get(0).get("chunkId").asText(), is(TeslaPassages.DOCUMENT_ID + ":0"));
        assertThat(last.get("rag").get("mode").asText(), is("extractive"));
        int completion = (whole.length() + 3) / 4;
        assertThat(last.get("usage").get("completion_tokens").asInt(), is(completion));
        assertThat(last.get("usage").get("prompt_tokens").asInt(), is((QUESTION.length() + 3) / 4));
        assertThat(last.get("usage").get("total_tokens").asInt(), is(completion + (QUESTION.length() + 3) / 4));
        assertThat(Db.countOwned("conversations", owner), is(0L));
    }

    @Test
    void includeUsageAddsOpenAisUsageChunkBeforeDone() {
        List<String> data = stream(token, Map.of("model", "rag-suite", "stream", true,
                "stream_options", Map.of("include_usage", true), "messages", List.of(message("user", QUESTION))));

        assertThat(data.get(data.size() - 1), is("[DONE]"));
        JsonNode usage = json(data.get(data.size() - 2));
        assertThat(usage.get("choices").size(), is(0));
        assertThat(usage.get("usage").get("total_tokens").asInt(), greaterThan(0));
        assertThat(usage.get("usage"), is(json(data.get(data.size() - 3)).get("usage")));
        assertThat(json(data.get(data.size() - 3)).get("choices").get(0).get("finish_reason").asText(), is("stop"));
    }

    @Test
    void badRequestsAre400sInOpenAisShapeAndNeverSearch() {
        List<Map<String, Object>> bad = List.of(
                Map.of("model", "rag-suite", "messages", List.of()),
                Map.of("model", "rag-suite"),
                Map.of("messages", List.of(message("user", QUESTION))),
                Map.of("model", "rag-suite", "messages", List.of(message("system", SYSTEM))),
                Map.of("model", "rag-suite", "messages", List.of(message("user", QUESTION), message("assistant", "Yes."),
                        message("user", "  "))),
                Map.of("model", "rag-suite", "messages", List.of(message("user", "?!..."))),
                Map.of("model", "rag-suite", "messages", List.of(message("user", "x".repeat(2001)))),
                Map.of("model", "rag-suite", "messages", List.of(Map.of("role", "user", "content", List.of(
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/a.png")))))),
                Map.of("model", "rag-suite", "messages", List.of(Map.of("role", "user", "content", Map.of("text", "hi")))),
                Map.of("model", "rag-suite", "messages", List.of(Map.of("role", "robot", "content", QUESTION))),
                Map.of("model", "rag-suite", "n", 2, "messages", List.of(message("user", QUESTION))),
                Map.of("model", "rag-suite", "stream", true, "n", 2, "messages", List.of(message("user", QUESTION))),
                Map.of("model", "rag-suite", "messages", "In what year?"),
                Map.of("model", "rag-suite", "stream", "sometimes", "messages", List.of(message("user", QUESTION))));
        for (Map<String, Object> body : bad) {
            assertOpenAiError(complete(token, body), 400, "invalid_request_error");
        }
        assertOpenAiError(complete(token, Map.of("model", "rag-suite", "n", 2, "messages", List.of(message("user", QUESTION)))),
                400, "invalid_request_error").body("error.param", is("n"));
        assertOpenAiError(complete(token, Map.of("model", "rag-suite", "messages", List.of(message("user", "x".repeat(2001))))),
                400, "invalid_request_error").body("error.message", containsString("2000"));
        for (String malformed : List.of("{\"model\": \"rag-suite\", \"messages\": [", "", "null", "[]")) {
            assertOpenAiError(given().auth().oauth2(token).contentType(ContentType.JSON).body(malformed)
                    .post("/v1/chat/completions").then(), 400, "invalid_request_error");
        }
        vector.verify(0, postRequestedFor(urlEqualTo("/internal/v1/search")));

        // 2000 characters after trimming is still fine
        complete(token, Map.of("model", "rag-suite", "messages", List.of(message("user", "  " + "Tesla ".repeat(333) + "ab  "))))
                .statusCode(200);
    }

    @Test
    void anUnknownModelIsA404ModelNotFound() {
        assertOpenAiError(complete(token, Map.of("model", "gpt-4o", "messages", List.of(message("user", QUESTION)))),
                404, "not_found_error")
                .body("error.code", is("model_not_found"))
                .body("error.param", is("model"))
                .body("error.message", containsString("gpt-4o"));
        assertOpenAiError(complete(token, Map.of("model", "gpt-4o", "stream", true, "messages", List.of(message("user", QUESTION)))),
                404, "not_found_error");
        vector.verify(0, postRequestedFor(urlEqualTo("/internal/v1/search")));
    }

    @Test
    void withoutAValidTokenIt401sInOpenAisShape() {
        Map<String, Object> body = Map.of("model", "rag-suite", "messages", List.of(message("user", QUESTION)));
        assertOpenAiError(given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions").then(),
                401, "authentication_error").header("WWW-Authenticate", "Bearer");
        assertOpenAiError(complete(TestJwt.forged(owner), body), 401, "authentication_error");
        assertOpenAiError(given().get("/v1/models").then(), 401, "authentication_error");
        assertOpenAiError(given().auth().oauth2("not-a-jwt").get("/v1/models/rag-suite").then(), 401, "authentication_error");
        vector.verify(0, postRequestedFor(urlEqualTo("/internal/v1/search")));
    }

    @Test
    void anApiKeyWithoutTheChatScopeIs403InOpenAisShape() {
        String documentsOnly = TestJwt.scoped(owner, "documents:read", "documents:write");
        assertOpenAiError(complete(documentsOnly, Map.of("model", "rag-suite", "messages", List.of(message("user", QUESTION)))),
                403, "permission_error").body("error.message", containsString("'chat'"));
        assertOpenAiError(given().auth().oauth2(documentsOnly).get("/v1/models").then(), 403, "permission_error");

        String chatKey = TestJwt.scoped(owner, "chat");
        given().auth().oauth2(chatKey).get("/v1/models").then().statusCode(200);
        complete(chatKey, Map.of("model", "rag-suite", "messages", List.of(message("user", QUESTION)))).statusCode(200);
    }

    @Test
    void retrievalDownIsA503InOpenAisShapeOrAnErrorChunkOnceStreaming() {
        vector.stubFor(post("/internal/v1/search").willReturn(serverError()));
        Map<String, Object> body = Map.of("model", "rag-suite", "messages", List.of(message("user", QUESTION)));

        assertOpenAiError(complete(token, body), 503, "server_error")
                .body("error.message", containsString("Retrieval is unavailable"));

        List<String> data = stream(token, Map.of("model", "rag-suite", "stream", true,
                "messages", List.of(message("user", "When did Nikola Tesla die?"))));
        assertThat(data.get(data.size() - 1), is("[DONE]"));
        JsonNode error = json(data.get(data.size() - 2)).get("error");
        assertThat(error.get("type").asText(), is("server_error"));
        assertThat(error.get("message").asText(), containsString("Retrieval is unavailable"));
        assertThat(json(data.get(0)).get("choices").get(0).get("delta").get("role").asText(), is("assistant"));
    }

    @Test
    void unknownPathsAndMethodsUnderV1AreOpenAiErrorsToo() {
        assertOpenAiError(given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post("/v1/embeddings").then(),
                404, "not_found_error");
        assertOpenAiError(given().auth().oauth2(token).get("/v1/chat/completions").then(), 405, "invalid_request_error");
        assertOpenAiError(given().auth().oauth2(token).contentType(ContentType.TEXT).body(QUESTION)
                .post("/v1/chat/completions").then(), 415, "invalid_request_error");
        // the answer is JSON or, streamed, text/event-stream: a client must accept JSON (every OpenAI SDK does)
        assertOpenAiError(given().auth().oauth2(token).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("model", "rag-suite", "stream", true, "messages", List.of(message("user", QUESTION))))
                .post("/v1/chat/completions").then(), 406, "invalid_request_error");
    }

    @Test
    void theOpenApiDocumentDescribesTheV1Operations() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/v1/models"))
                .body("paths", hasKey("/v1/models/{id}"))
                .body("paths", hasKey("/v1/chat/completions"))
                .body("paths.'/v1/chat/completions'", hasKey("post"));
    }

    private static Map<String, Object> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    private static ValidatableResponse complete(String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1/chat/completions").then();
    }

    private static List<String> stream(String token, Map<String, ?> body) {
        return OpenAiStream.data(given().auth().oauth2(token).contentType(ContentType.JSON).accept("application/json")
                .body(body).post("/v1/chat/completions")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString());
    }

    private static ValidatableResponse assertOpenAiError(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("error.type", is(type))
                .body("error.message", not(nullValue()))
                .body("error", hasKey("param"))
                .body("error", hasKey("code"))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    private static JsonNode json(String text) {
        return OpenAiStream.json(text);
    }
}
