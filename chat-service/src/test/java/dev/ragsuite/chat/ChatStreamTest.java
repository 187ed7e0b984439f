package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.ragsuite.chat.support.ExtractiveStandInProfile;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.chat.support.VectorStandInTestBase;
import dev.ragsuite.common.security.InternalToken;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.SseEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Streaming (extractive), follow-ups and the answer cache in Redis, seen only through HTTP (no bean
 * injected), so {@link ChatStreamIT} re-runs it against the packaged application; vector-service is
 * its WireMock stand-in. Cache invalidation by document events is {@link AnswerCacheInvalidationTest}'s.
 */
@QuarkusTest
@TestProfile(ExtractiveStandInProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ChatStreamTest extends VectorStandInTestBase {

    static final String QUESTION = "In what year did Tesla die?";

    ChatStreamTest() {
        super("stream-user-");
    }

    @Test
    void streamsTokensThenCitationsThenDoneAndStoresExactlyWhatWasStreamed() {
        List<SseEvents.Event> events = stream(Map.of("question", QUESTION));

        List<String> names = SseEvents.names(events);
        assertThat(names.size(), greaterThan(3));
        assertThat(names.subList(0, names.size() - 2), everyItem(is("token")));
        assertThat(names.subList(names.size() - 2, names.size()), contains("citations", "done"));
        String streamed = SseEvents.text(events);
        assertThat(streamed, containsString("1943"));
        assertThat(streamed, containsString("[1]"));
        SseEvents.Event citations = SseEvents.last(events, "citations");
        assertThat(citations.data().get(0).get("n").asInt(), is(1));
        assertThat(citations.data().get(0).get("documentId").asText(), is(TeslaPassages.DOCUMENT_ID.toString()));
        SseEvents.Event done = SseEvents.last(events, "done");
        assertThat(done.data().get("mode").asText(), is("extractive"));

        String conversationId = done.data().get("conversationId").asText();
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200)
                .body("[0].content", is(QUESTION))
                .body("[1].id", is(done.data().get("messageId").asText()))
                .body("[1].content", is(streamed))
                .body("[1].mode", is("extractive"))
                .body("[1].citations[0].n", is(1));
    }

    @Test
    void anUnknownConversationEndsTheStreamWithAnErrorEvent() {
        List<SseEvents.Event> events = stream(Map.of("question", QUESTION, "conversationId", UUID.randomUUID().toString()));

        assertThat(SseEvents.names(events), contains("error"));
        assertThat(events.get(0).data().get("status").asInt(), is(404));
        vector.verify(0, postRequestedFor(urlEqualTo("/internal/v1/search")));
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCacheAlsoWhenStreamed() {
        double hitsBefore = metric("rag_chat_answer_cache_total", "hit");
        ValidatableResponse first = ask(Map.of("question", QUESTION)).statusCode(200);
        ValidatableResponse second = ask(Map.of("question", "  in what YEAR did   tesla die ")).statusCode(200);

        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search")));
        assertThat(second.extract().path("answer"), is((Object) first.extract().path("answer")));
        assertThat(second.extract().path("messageId"), not(is((Object) first.extract().path("messageId"))));
        assertThat(metric("rag_chat_answer_cache_total", "hit") - hitsBefore, is(1.0));
        // the hit was stored as a conversation of its own
        String secondConversation = second.extract().path("conversationId");
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", secondConversation)
                .then().statusCode(200).body("[1].content", is((Object) first.extract().path("answer")));

        List<SseEvents.Event> events = stream(Map.of("question", QUESTION));
        assertThat(SseEvents.text(events), is((Object) first.extract().path("answer")));
        assertThat(SseEvents.last(events, "citations").data().get(0).get("chunkId").asText(), is(TeslaPassages.DOCUMENT_ID + ":0"));
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search")));

        // another retrieval mode or topK is another question
        ask(Map.of("question", QUESTION, "retrieval", "bm25")).statusCode(200);
        ask(Map.of("question", QUESTION, "topK", 3)).statusCode(200);
        vector.verify(3, postRequestedFor(urlEqualTo("/internal/v1/search")));
        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withRequestBody(matchingJsonPath("$.mode", equalTo("bm25"))));
    }

    @Test
    void aFollowUpIsRetrievedAsAStandaloneQueryButStoredAsAsked() {
        String conversationId = ask(Map.of("question", "When did Nikola Tesla die?")).statusCode(200)
                .extract().path("conversationId");

        List<SseEvents.Event> events = stream(Map.of("question", "Where did he live?", "conversationId", conversationId));
        assertThat(SseEvents.last(events, "done").data().get("conversationId").asText(), is(conversationId));

        vector.verify(1, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo("Where did he live? nikola tesla die")))
                // a streamed answer searches with the caller's own token, forwarded by the REST client
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader(InternalToken.HEADER, equalTo(RagTestEnvironment.INTERNAL_TOKEN)));
        given().auth().oauth2(token).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200)
                .body("content", hasItem("Where did he live?"))
                .body("[2].content", is("Where did he live?"))
                .body("[3].content", is(SseEvents.text(events)));
    }

    static ValidatableResponse ask(String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/chat").then();
    }

    private ValidatableResponse ask(Map<String, ?> body) {
        return ask(token, body);
    }

    private List<SseEvents.Event> stream(Map<String, ?> body) {
        String sse = given().auth().oauth2(token).contentType(ContentType.JSON).accept("text/event-stream").body(body)
                .post("/api/chat/stream")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        return SseEvents.parse(sse);
    }

    static double metric(String name, String result) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*result=\"" + result + "\"[^}]*} ([0-9.eE+-]+)$")
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
